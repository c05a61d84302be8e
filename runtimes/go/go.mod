module corobench/gopeer

go 1.19
