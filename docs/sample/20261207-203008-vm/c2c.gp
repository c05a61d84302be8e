# c2c.gp — heatmap of a core-to-core latency matrix written by `corobench c2c`.
#
# Input: a matrix CSV (c2c_median.csv or c2c_min.csv): the first row is
# "pu,<os index>,...", then one row per "from" PU starting with its OS index; cells
# are RTT/2 in ns, empty on the diagonal (a PU with itself is not measured). PUs
# are in hwloc logical order, so cores, L3 domains and packages show as blocks.
#
# Usage (defaults in brackets; run from the results directory or give paths):
#   gnuplot c2c.gp                                    [c2c_median.csv -> c2c.svg]
#   gnuplot -e "data='c2c_min.csv'; out='c2c_min.png'" c2c.gp
#   gnuplot -e "title='2x EPYC 9654'; n=384" c2c.gp
# Variables: data (input CSV), out (output file; .svg or .png picks the terminal),
# title, n (PUs in the matrix; sizes the canvas and the tic font).
# gnuplot warns "matrix contains missing or undefined values" for the empty
# diagonal; that is expected.

if (!exists("data")) data = 'c2c_median.csv'
if (!exists("out")) out = 'c2c.svg'
if (!exists("title")) title = 'core-to-core latency, RTT/2 (ns)'
if (!exists("n")) n = 16

# 14 px per PU keeps every label readable up to ~64 PUs; big machines get a
# bigger canvas and smaller labels instead of an unreadable crowd.
side = (n * 14 + 200 > 640) ? n * 14 + 200 : 640
tic = (n > 64) ? 5 : (n > 24 ? 7 : 10)
ticfont = sprintf(',%d', tic)

if (out[strlen(out)-2:] eq 'png') {
	set terminal pngcairo size side, side * 0.9 font ',10'
} else {
	set terminal svg size side, side * 0.9 dynamic font ',10'
}
set output out

set datafile separator ','
set title title
set xlabel 'to PU (OS index)'
set ylabel 'from PU (OS index)'
set cblabel 'ns'
set xtics rotate by 90 font ticfont
set ytics font ticfont
set yrange [] reverse
set size ratio -1
set cbrange [0:*]   # colours proportional to latency, not to the spread
set palette defined (0 '#1a9850', 1 '#fee08b', 2 '#d73027')
set tics out nomirror
unset key

plot data matrix rowheaders columnheaders using 1:2:3 with image
