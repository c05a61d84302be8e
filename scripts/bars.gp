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
