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
