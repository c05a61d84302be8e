# latency-pipeline.gp — written by `corobench report` from scripts/latency.gp (the template).
# Re-render:  gnuplot latency-pipeline.gp                  (in this directory: latency-pipeline.svg, latency-pipeline.png)
#             gnuplot -e "formats='png'" latency-pipeline.gp   (one format)
# The data is latency-pipeline.dat; the variables below say what to draw.

datafile = 'latency-pipeline.dat'
outbase = 'latency-pipeline'
title_text = 'pipeline: latency by percentile (closed loop)'
xlabel_text = ''
ylabel_text = 'latency (µs)'
footnote = ''
yformat = '%g'
nseries = 22
array titles[22]
array colors[22]
array dashes[22]
titles[1] = 'gmp/go'; colors[1] = '#003F62'; dashes[1] = 1
titles[2] = 'gmp/mutex'; colors[2] = '#72B1D4'; dashes[2] = 2
titles[3] = 'gmp/lockfree'; colors[3] = '#BFDBEB'; dashes[3] = 3
titles[4] = 'gmp/faa'; colors[4] = '#002235'; dashes[4] = 4
titles[5] = 'gmp/spsc'; colors[5] = '#3891C2'; dashes[5] = 5
titles[6] = 'go'; colors[6] = '#009E73'; dashes[6] = 1
titles[7] = 'pthread/go'; colors[7] = '#753400'; dashes[7] = 1
titles[8] = 'pthread/mutex'; colors[8] = '#E7A672'; dashes[8] = 2
titles[9] = 'pthread/lockfree'; colors[9] = '#F4D6BF'; dashes[9] = 3
titles[10] = 'pthread/faa'; colors[10] = '#401C00'; dashes[10] = 4
titles[11] = 'pthread/spsc'; colors[11] = '#DE8138'; dashes[11] = 5
titles[12] = 'gmp/go'; colors[12] = '#003F62'; dashes[12] = 1
titles[13] = 'gmp/mutex'; colors[13] = '#72B1D4'; dashes[13] = 2
titles[14] = 'gmp/lockfree'; colors[14] = '#BFDBEB'; dashes[14] = 3
titles[15] = 'gmp/faa'; colors[15] = '#002235'; dashes[15] = 4
titles[16] = 'gmp/spsc'; colors[16] = '#3891C2'; dashes[16] = 5
titles[17] = 'go'; colors[17] = '#009E73'; dashes[17] = 1
titles[18] = 'pthread/go'; colors[18] = '#753400'; dashes[18] = 1
titles[19] = 'pthread/mutex'; colors[19] = '#E7A672'; dashes[19] = 2
titles[20] = 'pthread/lockfree'; colors[20] = '#F4D6BF'; dashes[20] = 3
titles[21] = 'pthread/faa'; colors[21] = '#401C00'; dashes[21] = 4
titles[22] = 'pthread/spsc'; colors[22] = '#DE8138'; dashes[22] = 5
width = 1200
npanels = 4
pcols = 2
prows = 2
height = 670
array pfirst[4]
array plast[4]
array ptitle[4]
pfirst[1] = 1; plast[1] = 6; ptitle[1] = 'threads=1: gmp, go'
pfirst[2] = 7; plast[2] = 11; ptitle[2] = 'threads=1: pthread'
pfirst[3] = 12; plast[3] = 17; ptitle[3] = 'threads=2: gmp, go'
pfirst[4] = 18; plast[4] = 22; ptitle[4] = 'threads=2: pthread'
xmax = 100000
ymin = 1.656
ymax = 1083.391

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
