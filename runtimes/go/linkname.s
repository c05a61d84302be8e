// linkname.s — empty: it lets the package declare functions without a body
// whose code go:linkname takes from the runtime (wl_yield.go: procPin).
