# scaling-select_cases_0.gp — written by `corobench report` from scripts/lines.gp (the template).
# Re-render:  gnuplot scaling-select_cases_0.gp                  (in this directory: scaling-select_cases_0.svg, scaling-select_cases_0.png)
#             gnuplot -e "formats='png'" scaling-select_cases_0.gp   (one format)
# The data is scaling-select_cases_0.dat; the variables below say what to draw.

datafile = 'scaling-select_cases_0.dat'
outbase = 'scaling-select_cases_0'
title_text = "select/cases=0: throughput vs threads, placement none"
xlabel_text = "threads (workers)"
ylabel_text = "ops per second (median, 95% CI)"
footnote = ""
yformat = "%.0s%c"
nseries = 5
array titles[5]
array colors[5]
array density[5]
array dashes[5]
titles[1] = "gmp/go"; colors[1] = '#0072B2'; density[1] = 0.90; dashes[1] = 1
titles[2] = "gmp/lockfree"; colors[2] = '#0072B2'; density[2] = 0.45; dashes[2] = 2
titles[3] = "pthread/go"; colors[3] = '#D55E00'; density[3] = 0.90; dashes[3] = 1
titles[4] = "pthread/lockfree"; colors[4] = '#D55E00'; density[4] = 0.45; dashes[4] = 2
titles[5] = "go"; colors[5] = '#009E73'; density[5] = 0.90; dashes[5] = 1
xtics_cmd = "set xtics (\"1\" 1, \"2\" 2)"
xmin = 0.714285714
xmax = 2.8
logx = 2
logy = 0

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

# ---- from scripts/lines.gp ----
# lines.gp — one line per series against a numeric x, with 95% confidence
# intervals as error bars: throughput against threads (log2 x).
#
# Reads:
#   datafile     one block per series (two blank lines between blocks, in the
#                order of `titles`), one row per point:
#                  x  value  ci_low  ci_high  reduced(0/1)
#                reduced=1 draws an open marker on top: that point ran a
#                reduced size and is not comparable with the others.
#   outbase      output name without extension
#   nseries      number of series;  titles  array of their names
#   colors, dashes  arrays: each series' colour and dash type (one colour per
#                runtime; its channel variants and hosts: other dashes)
#   xtics_cmd    a `set xtics (...)` command (the measured x values)
#   xmin, xmax   the x range
#   logx         base of a logarithmic x axis (2 for threads), 0 for linear
#   logy         1: logarithmic y axis
#   yformat      tic format of the y axis ("%.0s%c": 1k, 10M)
#   title_text, xlabel_text, ylabel_text, footnote   the labels

set title title_text
set xlabel xlabel_text
set ylabel ylabel_text
eval xtics_cmd
if (logx > 0) { set logscale x logx } else { unset logscale x }
set xrange [xmin:xmax]
set format y yformat
if (logy) { set logscale y 10 } else { unset logscale y; set yrange [0:*] }
set key outside right top vertical Left reverse
set grid xtics ytics lt 1 lc rgb '#e0e0e0'
if (strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }
set bmargin (strlen(footnote) > 0 ? 5 : 4)

do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	plot for [i=1:nseries] datafile index (i-1) using 1:2:3:4 with yerrorlines lt i \
	         lc rgb colors[i] dt dashes[i] title titles[i], \
	     for [i=1:nseries] datafile index (i-1) using 1:($5 > 0 ? $2 : NaN) with points \
	         pt 6 ps 2.2 lc rgb '#000000' notitle
	unset output
}
