# c2c-vm.gp — written by `corobench report` from scripts/heatmap.gp (the template).
# Re-render:  gnuplot c2c-vm.gp                  (in this directory: c2c-vm.svg, c2c-vm.png)
#             gnuplot -e "formats='png'" c2c-vm.gp   (one format)
# The data is c2c-vm.dat; the variables below say what to draw.

datafile = 'c2c-vm.dat'
outbase = 'c2c-vm'
npu = 2
show_values = 1
title_text = 'Core-to-core latency, host vm'
cblabel_text = 'one-way latency (ns)'
footnote = 'Grey hatched cells: not measured (the diagonal: a PU with itself).'
array pus[2] = [0, 1]
width = 720
height = 640

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

# ---- from scripts/heatmap.gp ----
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
