# latency-pipeline.gp — written by `corobench report` from scripts/latency.gp (the template).
# Re-render:  gnuplot latency-pipeline.gp                  (in this directory: latency-pipeline.svg, latency-pipeline.png)
#             gnuplot -e "formats='png'" latency-pipeline.gp   (one format)
# The data is latency-pipeline.dat; the variables below say what to draw.

datafile = 'latency-pipeline.dat'
outbase = 'latency-pipeline'
title_text = "pipeline: latency by percentile (closed loop)"
xlabel_text = ""
ylabel_text = "latency (µs)"
footnote = ""
yformat = "%g"
nseries = 22
array titles[22]
array colors[22]
array density[22]
array dashes[22]
titles[1] = "gmp/faa, threads=1"; colors[1] = '#0072B2'; density[1] = 0.90; dashes[1] = 1
titles[2] = "gmp/faa, threads=2"; colors[2] = '#0072B2'; density[2] = 0.45; dashes[2] = 2
titles[3] = "gmp/go, threads=1"; colors[3] = '#0072B2'; density[3] = 0.20; dashes[3] = 3
titles[4] = "gmp/go, threads=2"; colors[4] = '#0072B2'; density[4] = 0.20; dashes[4] = 4
titles[5] = "gmp/lockfree, threads=1"; colors[5] = '#0072B2'; density[5] = 0.20; dashes[5] = 5
titles[6] = "gmp/lockfree, threads=2"; colors[6] = '#0072B2'; density[6] = 0.20; dashes[6] = 6
titles[7] = "gmp/mutex, threads=1"; colors[7] = '#0072B2'; density[7] = 0.20; dashes[7] = 7
titles[8] = "gmp/mutex, threads=2"; colors[8] = '#0072B2'; density[8] = 0.20; dashes[8] = 8
titles[9] = "gmp/spsc, threads=1"; colors[9] = '#0072B2'; density[9] = 0.20; dashes[9] = 9
titles[10] = "gmp/spsc, threads=2"; colors[10] = '#0072B2'; density[10] = 0.20; dashes[10] = 10
titles[11] = "go, threads=1"; colors[11] = '#009E73'; density[11] = 0.90; dashes[11] = 1
titles[12] = "go, threads=2"; colors[12] = '#009E73'; density[12] = 0.45; dashes[12] = 2
titles[13] = "pthread/faa, threads=1"; colors[13] = '#D55E00'; density[13] = 0.90; dashes[13] = 1
titles[14] = "pthread/faa, threads=2"; colors[14] = '#D55E00'; density[14] = 0.45; dashes[14] = 2
titles[15] = "pthread/go, threads=1"; colors[15] = '#D55E00'; density[15] = 0.20; dashes[15] = 3
titles[16] = "pthread/go, threads=2"; colors[16] = '#D55E00'; density[16] = 0.20; dashes[16] = 4
titles[17] = "pthread/lockfree, threads=1"; colors[17] = '#D55E00'; density[17] = 0.20; dashes[17] = 5
titles[18] = "pthread/lockfree, threads=2"; colors[18] = '#D55E00'; density[18] = 0.20; dashes[18] = 6
titles[19] = "pthread/mutex, threads=1"; colors[19] = '#D55E00'; density[19] = 0.20; dashes[19] = 7
titles[20] = "pthread/mutex, threads=2"; colors[20] = '#D55E00'; density[20] = 0.20; dashes[20] = 8
titles[21] = "pthread/spsc, threads=1"; colors[21] = '#D55E00'; density[21] = 0.20; dashes[21] = 9
titles[22] = "pthread/spsc, threads=2"; colors[22] = '#D55E00'; density[22] = 0.20; dashes[22] = 10
xmax = 100000

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

# ---- from scripts/latency.gp ----
# latency.gp — the latency percentile spectrum from HdrHistogram .hgrm files:
# x = 1/(1-p) on a log axis, so 90%, 99%, 99.9%, 99.99% are evenly spaced and the
# tail gets the room it deserves (Gil Tene's "How NOT to measure latency").
#
# Reads:
#   datafile     one block per series (two blank lines between blocks, in the
#                order of `titles`), one row per percentile level:
#                  1/(1-p)  latency
#   outbase      output name without extension
#   nseries      number of series;  titles  array of their names
#   colors, dashes  arrays: each series' colour and dash type (one colour per
#                runtime; its channel variants and hosts: other dashes)
#   xmax         the largest 1/(1-p) to show (10^k)
#   title_text, ylabel_text, footnote   the labels

set title title_text
set xlabel "percentile"
set ylabel ylabel_text
set logscale x 10
set logscale y 10
set format y "%g"
set xrange [1:xmax]
set xtics ("0%%" 1, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000, "99.999%%" 100000, "99.9999%%" 1000000)
set mxtics 10
set grid xtics ytics lt 1 lc rgb '#e0e0e0'
set key outside right top vertical Left reverse
if (strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }
set bmargin (strlen(footnote) > 0 ? 5 : 4)

do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	plot for [i=1:nseries] datafile index (i-1) using 1:2 with lines lt i \
	         lc rgb colors[i] dt dashes[i] title titles[i]
	unset output
}
