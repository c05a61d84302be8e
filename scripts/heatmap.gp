# heatmap.gp — the core-to-core latency matrix: one cell per ordered pair of
# PUs (row: the PU that writes first, column: the one that answers), colour =
# one-way latency (round trip / 2); the diagonal is not measured (grey,
# hatched). Cells are drawn as vector rectangles (`with image pixels`), so the
# SVG stays crisp at any size instead of a small bitmap the viewer smooths.
#
# Reads:
#   datafile     rows "i j latency label text_rgb unmeasured" (i, j: 0-based
#                matrix positions; latency NaN and label "" where not
#                measured; text_rgb the label's colour, white on dark cells;
#                unmeasured 1 where not measured), a blank line after each
#                row (gnuplot's grid form)
#   outbase      output name without extension
#   npu          matrix side;  pus  array of the OS PU numbers of the
#                positions 0 .. npu-1 (the tic labels)
#   show_values  1: print each cell's value (small matrices)
#   title_text, cblabel_text, footnote   the labels

set title title_text
set xlabel "to PU (OS index)"
set ylabel "from PU (OS index)"
set cblabel cblabel_text
set xtics (sprintf('%d', pus[1]) 0)
set ytics (sprintf('%d', pus[1]) 0)
do for [i=2:npu] { set xtics add (sprintf('%d', pus[i]) i-1); set ytics add (sprintf('%d', pus[i]) i-1) }
set xrange [-0.5:npu - 0.5]
set yrange [npu - 0.5:-0.5]
set size ratio -1
# colour from 0: a 0.4 ns spread between two PUs must not look like a 2x one
set cbrange [0:*]
set palette defined (0 '#fff7ec', 0.35 '#fdbb84', 0.7 '#e34a33', 1 '#7f0000')
set grid noxtics noytics
set tics out
set border 15
set bmargin 5
unset key
if (strlen(footnote) > 0) { set label 99 footnote at screen 0.01, screen 0.02 left font ',10' tc rgb '#555555' } else { unset label 99 }

do for [fmt in formats] {
	eval "set terminal " . (fmt eq "svg" ? svg_term : png_term)
	set output outbase . "." . fmt
	plot datafile using 1:2:3 with image pixels, \
	     datafile using 1:($6 > 0 ? $2 : NaN):(0.5):(0.5) with boxxyerror \
	         fs pattern 4 border lc rgb '#888888' lc rgb '#888888', \
	     datafile using 1:2:(show_values ? stringcolumn(4) : ""):5 with labels tc rgb variable font ',11'
	unset output
}
