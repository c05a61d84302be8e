# latency-echo_conns_16.gp — written by `corobench report` from scripts/latency.gp (the template).
# Re-render:  gnuplot latency-echo_conns_16.gp                  (in this directory: latency-echo_conns_16.svg, latency-echo_conns_16.png)
#             gnuplot -e "formats='png'" latency-echo_conns_16.gp   (one format)
# The data is latency-echo_conns_16.dat; the variables below say what to draw.

datafile = 'latency-echo_conns_16.dat'
outbase = 'latency-echo_conns_16'
title_text = 'echo/conns=16: latency by percentile (closed loop)'
xlabel_text = ''
ylabel_text = 'latency (µs)'
footnote = ''
yformat = '%g'
nseries = 6
array titles[6]
array colors[6]
array dashes[6]
titles[1] = 'gmp, threads=1'; colors[1] = '#0072B2'; dashes[1] = 1
titles[2] = 'gmp, threads=2'; colors[2] = '#0072B2'; dashes[2] = 2
titles[3] = 'go, threads=1'; colors[3] = '#009E73'; dashes[3] = 1
titles[4] = 'go, threads=2'; colors[4] = '#009E73'; dashes[4] = 2
titles[5] = 'pthread, threads=1'; colors[5] = '#D55E00'; dashes[5] = 1
titles[6] = 'pthread, threads=2'; colors[6] = '#D55E00'; dashes[6] = 2
width = 1200
npanels = 0
xmax = 100000
ymin = 5.475
ymax = 7966.719

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
#   colors, dashes  arrays: each series' colour and dash type (one hue per
#                runtime, one shade per channel variant; the same variant at
#                other threads, loop or host: another dash; plot_style.h)
#   xmax         the largest 1/(1-p) to show (10^k)
#   title_text, ylabel_text, footnote   the labels
#   npanels      0: one plot; else small multiples (plot_lines.c): panel p
#                draws series pfirst[p]..plast[p] under the title ptitle[p],
#                in a grid of prows x pcols, all on one y range [ymin, ymax]

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

if (!exists("npanels")) npanels = 0
do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	if (npanels > 0) {
		set yrange [ymin / 1.3:ymax * 1.3]
		set key inside bottom right vertical Left reverse font ',10' samplen 2.5 opaque
		set bmargin 4
		set multiplot layout prows, pcols title title_text font ',15'
		do for [p=1:npanels] {
			set title ptitle[p] font ',12'
			plot for [i=pfirst[p]:plast[p]] datafile index (i-1) using 1:2 with lines \
			         lc rgb colors[i] dt dashes[i] title titles[i]
		}
		unset multiplot
	} else {
		plot for [i=1:nseries] datafile index (i-1) using 1:2 with lines lt i \
		         lc rgb colors[i] dt dashes[i] title titles[i]
	}
	unset output
}
