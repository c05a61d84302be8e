/*
 * version.h — corobench's version, printed by `corobench --version` and written
 * into report.html's header. One place, so the two never disagree.
 */
#ifndef COROBENCH_VERSION_H
#define COROBENCH_VERSION_H

#define COROBENCH_VERSION "0.1.0"

#endif
