# channels-t1.gp — written by `corobench report` from scripts/lines.gp (the template).
# Re-render:  gnuplot channels-t1.gp                  (in this directory: channels-t1.svg, channels-t1.png)
#             gnuplot -e "formats='png'" channels-t1.gp   (one format)
# The data is channels-t1.dat; the variables below say what to draw.

datafile = 'channels-t1.dat'
outbase = 'channels-t1'
title_text = 'Channel scaling: mpmc throughput vs P producers x P consumers, threads=1'
xlabel_text = 'P (producers = consumers)'
ylabel_text = 'messages per second (median, 95% CI)'
footnote = ''
yformat = '%.0s%c'
nseries = 9
array titles[9]
array colors[9]
array dashes[9]
titles[1] = 'gmp/go'; colors[1] = '#003F62'; dashes[1] = 1
titles[2] = 'gmp/mutex'; colors[2] = '#72B1D4'; dashes[2] = 2
titles[3] = 'gmp/lockfree'; colors[3] = '#BFDBEB'; dashes[3] = 3
titles[4] = 'gmp/faa'; colors[4] = '#002235'; dashes[4] = 4
titles[5] = 'pthread/go'; colors[5] = '#753400'; dashes[5] = 1
titles[6] = 'pthread/mutex'; colors[6] = '#E7A672'; dashes[6] = 2
titles[7] = 'pthread/lockfree'; colors[7] = '#F4D6BF'; dashes[7] = 3
titles[8] = 'pthread/faa'; colors[8] = '#401C00'; dashes[8] = 4
titles[9] = 'go'; colors[9] = '#009E73'; dashes[9] = 1
width = 960
npanels = 0
array xt[4] = [1, 2, 4, 8]
xmin = 0.714285714
xmax = 11.2
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
#                  x  value  ci_low  ci_high  reduced(0/1)  flagged(0/1)
#                reduced=1 draws an open marker on top: that point ran a
#                reduced size and is not comparable with the others;
#                flagged=1 a red cross (the footnote says why: a network
#                chart's "the load generator set the pace").
#   outbase      output name without extension
#   nseries      number of series;  titles  array of their names
#   colors, dashes  arrays: each series' colour and dash type (one hue per
#                runtime, one shade per channel variant; the same variant at
#                other threads, loop or host: another dash; plot_style.h)
#   xt           array of the measured x values: each gets a tic
#   xmin, xmax   the x range
#   logx         base of a logarithmic x axis (2 for threads), 0 for linear
#   logy         1: logarithmic y axis
#   yformat      tic format of the y axis ("%.0s%c": 1k, 10M)
#   title_text, xlabel_text, ylabel_text, footnote   the labels
#   npanels      0: one plot; else small multiples (plot_lines.c): panel p
#                draws series pfirst[p]..plast[p] under the title ptitle[p],
#                in a grid of prows x pcols, each with its own y range

set title title_text
set xlabel xlabel_text
set ylabel ylabel_text
set xtics (xt[1])
do for [i=2:|xt|] { set xtics add (xt[i]) }
if (logx > 0) { set logscale x logx } else { unset logscale x }
set xrange [xmin:xmax]
set format y yformat
if (logy) { set logscale y 10 } else { unset logscale y; set yrange [0:*] }
set key outside right top vertical Left reverse
set grid xtics ytics lt 1 lc rgb '#e0e0e0'
if (strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }
set bmargin (strlen(footnote) > 0 ? 5 : 4)

if (!exists("npanels")) npanels = 0
do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	if (npanels > 0) {
		set key inside top left vertical Left reverse font ',10' samplen 2.5 opaque
		set bmargin (strlen(footnote) > 0 ? 5 : 4)
		set multiplot layout prows, pcols title title_text font ',15'
		do for [p=1:npanels] {
			set title ptitle[p] font ',12'
			# the footnote once, with the first panel (a label stays for the next)
			if (p == 1 && strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }
			plot for [i=pfirst[p]:plast[p]] datafile index (i-1) using 1:2:3:4 with yerrorlines \
			         lc rgb colors[i] dt dashes[i] title titles[i], \
			     for [i=pfirst[p]:plast[p]] datafile index (i-1) using 1:($5 > 0 ? $2 : NaN) \
			         with points pt 6 ps 2.2 lc rgb '#000000' notitle, \
			     for [i=pfirst[p]:plast[p]] datafile index (i-1) using 1:($6 > 0 ? $2 : NaN) \
			         with points pt 2 ps 2.4 lw 2 lc rgb '#aa3333' notitle
		}
		unset multiplot
	} else {
		plot for [i=1:nseries] datafile index (i-1) using 1:2:3:4 with yerrorlines lt i \
		         lc rgb colors[i] dt dashes[i] title titles[i], \
		     for [i=1:nseries] datafile index (i-1) using 1:($5 > 0 ? $2 : NaN) with points \
		         pt 6 ps 2.2 lc rgb '#000000' notitle, \
		     for [i=1:nseries] datafile index (i-1) using 1:($6 > 0 ? $2 : NaN) with points \
		         pt 2 ps 2.4 lw 2 lc rgb '#aa3333' notitle
	}
	unset output
}
