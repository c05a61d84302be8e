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
