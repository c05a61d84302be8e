# scaling.gp — written by `corobench report` from scripts/bars.gp (the template).
# Re-render:  gnuplot scaling.gp                  (in this directory: scaling.svg, scaling.png)
#             gnuplot -e "formats='png'" scaling.gp   (one format)
# The data is scaling.dat; the variables below say what to draw.

nmarks = 0
array mtitles[1]
array mcolors[1]
array mdashes[1]
mtitles[1] = ''; mcolors[1] = '#000000'; mdashes[1] = 1
datafile = 'scaling.dat'
outbase = 'scaling'
title_text = 'Scaling: throughput at 2 workers over 1, placement none'
xlabel_text = ''
ylabel_text = 'throughput at 2 / at 1 workers (x)'
footnote = ''
yformat = '%g'
nseries = 3
array titles[3]
array colors[3]
array dashes[3]
titles[1] = 'pthread'; colors[1] = '#D55E00'; dashes[1] = 1
titles[2] = 'gmp'; colors[2] = '#0072B2'; dashes[2] = 1
titles[3] = 'go'; colors[3] = '#009E73'; dashes[3] = 1
ngroups = 16
logy = 0
refline = 1.0
barwidth = 0.266667
show_labels = 0
any_reduced = 0
refline = 1
reflabel = 'no change = 1'
width = 1200
xrot = 30
xlab_lines = 2

# ---- from scripts/common.gp ----
# common.gp — the look shared by every corobench chart: terminals, font, colours,
# grid. The chart templates (bars.gp, lines.gp, latency.gp, heatmap.gp) are loaded
# after it; `corobench report` copies both into each DIR/charts/<name>.gp, so a
# chart script runs alone.
#
# Reads (all optional):
#   formats   "svg png" (default): which images to write, as <outbase>.<format>
#   width     SVG width in pixels (default 960); PNG is 4/3 of it (1280)
#   height    SVG height in pixels (default 540)
# PNG uses pngcairo (anti-aliased) when this gnuplot has it, else libgd's png.

if (!exists("formats")) formats = "svg png"
if (!exists("width")) width = 960
if (!exists("height")) height = 540
svg_term = sprintf("svg size %d,%d dynamic noenhanced font 'Helvetica,13' background rgb 'white'", width, height)
png_term = strstrt(GPVAL_TERMINALS, "pngcairo") > 0 ? \
	sprintf("pngcairo size %d,%d noenhanced font 'Helvetica,13' background rgb 'white'", width*4/3, height*4/3) : \
	sprintf("png size %d,%d noenhanced", width*4/3, height*4/3)

set encoding utf8
# Okabe & Ito's colour-blind-safe palette (2008), then darker variants.
set linetype 1 lc rgb '#0072B2' lw 2 pt 7 ps 1.0
set linetype 2 lc rgb '#D55E00' lw 2 pt 5 ps 1.0
set linetype 3 lc rgb '#009E73' lw 2 pt 9 ps 1.2
set linetype 4 lc rgb '#CC79A7' lw 2 pt 11 ps 1.2
set linetype 5 lc rgb '#E69F00' lw 2 pt 13 ps 1.2
set linetype 6 lc rgb '#56B4E9' lw 2 pt 4 ps 1.0
set linetype 7 lc rgb '#F0E442' lw 2 pt 6 ps 1.0
set linetype 8 lc rgb '#000000' lw 2 pt 8 ps 1.0
set linetype 9 lc rgb '#004F7C' lw 2 pt 10 ps 1.0
set linetype 10 lc rgb '#8F3F00' lw 2 pt 12 ps 1.0
set linetype 11 lc rgb '#006B4E' lw 2 pt 14 ps 1.0
set linetype 12 lc rgb '#8A5272' lw 2 pt 3 ps 1.0
set linetype cycle 12

set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lt 1 lc rgb '#e0e0e0' lw 1
set key noopaque nobox
set title font ',15'

# ---- from scripts/bars.gp ----
# bars.gp — grouped bars with 95% confidence intervals: one group per x label
# (a workload, a placement), one bar per series (runtime/channel variant) in
# each group. Used for ns/op per workload, counters per op, the speed-up over
# pthreads and the placement sweep.
#
# Reads:
#   datafile     the data: one block per series (blocks separated by two blank
#                lines, in the order of `titles`), one row per bar:
#                  x  value  ci_low  ci_high  reduced(0/1)  "label"  label_y
#                (label_y: where the value label goes, above the whisker and
#                the bar's marks)
#                then one last block (index nseries), one row per group:
#                  position  "group label"
#                read with xtic(): the axis labels are data, never script text.
#                x is the bar's position (group i spans i-0.4 .. i+0.4);
#                reduced=1 hatches the bar: its size was reduced, so it is not
#                comparable with full-size bars (docs/RESULTS.md size_reduced).
#                Whiskers are vectors from ci_low to ci_high (gnuplot's errorbar
#                style blanks a point where the whisker meets the bar top).
#   outbase      output name without extension
#   nseries      number of series;  titles  array of their names
#   colors       array: each series' fill, opaque (one hue per runtime, one
#                shade of it per channel variant: plot_style.h)
#   ngroups      number of groups
#   title_text, ylabel_text, xlabel_text  the labels
#   logy         1: logarithmic y axis (values spanning decades)
#   refline      y of a dashed reference line (e.g. 1 for a speed-up), or NaN
#   reflabel     its legend entry
#   barwidth     width of one bar (0.8 / nseries)
#   show_labels  1: print each bar's value above it
#   any_reduced  1: some bar is hatched (adds the legend entry)
#   yformat      tic format of the y axis (e.g. "%g", or "%.0s%c" for 1k, 10k)
#   footnote     text under the chart ("" for none)
#   xrot         rotation of the x tic labels in degrees (0: horizontal), so
#                that long labels never run into each other (plot.c)
#   xlab_lines   lines of bottom margin the rotated labels need beyond one
#   nmarks       kinds of mark across the bars (the floors that bound them),
#                each one more block after the groups' (index nseries + k),
#                a row per mark:  x_left  y  width  0  (a line across its bar);
#                mtitles, mcolors, mdashes: each kind's legend entry, grey and
#                dash (plot_style.h), drawn over a white halo so that it shows
#                on every fill

set title title_text
set ylabel ylabel_text
set xlabel xlabel_text
set xrange [0.4:ngroups + 0.6]
set format y yformat
if (logy) { set logscale y 10 } else { unset logscale y; set yrange [0:*] }
set key outside right top vertical Left reverse
set style fill solid 0.9 border lc rgb '#333333'
set offsets 0, 0, graph 0.12, 0   # headroom for the value labels above the whiskers
if (strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }
if (!exists("xrot")) xrot = 0
if (!exists("xlab_lines")) xlab_lines = 0
if (!exists("nmarks")) nmarks = 0
if (xrot > 0) { set xtics rotate by xrot right } else { set xtics norotate }
set bmargin (strlen(footnote) > 0 ? 5 : 4) + xlab_lines

do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	plot for [i=1:nseries] datafile index (i-1) using 1:2:(barwidth) with boxes \
	         lc rgb colors[i] fs solid 1.0 border lc rgb '#333333' title titles[i], \
	     for [i=1:nseries] datafile index (i-1) using 1:($5 > 0 ? $2 : NaN):(barwidth) with boxes \
	         fs transparent pattern 4 border lc rgb '#333333' lc rgb '#ffffff' notitle, \
	     for [i=1:nseries] datafile index (i-1) using 1:3:(0):($4-$3) with vectors nohead lc rgb '#222222' lw 1.2 notitle, \
	     for [i=1:nseries] datafile index (i-1) using 1:(show_labels ? $7 : NaN):6 with labels \
	         rotate by 90 left offset 0,0.4 font ',9' tc rgb '#333333' notitle, \
	     for [k=1:nmarks] datafile index (nseries + k) using 1:2:3:4 with vectors nohead \
	         lw 5 lc rgb '#ffffff' notitle, \
	     for [k=1:nmarks] datafile index (nseries + k) using 1:2:3:4 with vectors nohead \
	         lw 2.5 dt mdashes[k] lc rgb mcolors[k] title mtitles[k], \
	     refline with lines dt 2 lw 1.5 lc rgb '#444444' title (refline == refline ? reflabel : ""), \
	     NaN with boxes fs transparent pattern 4 border lc rgb '#333333' lc rgb '#333333' \
	         title (any_reduced ? 'size reduced (not comparable)' : ""), \
	     datafile index nseries using 1:(NaN):xtic(2) notitle
	unset output
}
