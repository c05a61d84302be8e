/*
 * xalloc.h — allocation of the harness's own bookkeeping (a few doubles per
 * repetition, a pointer per configuration), where running out of memory is
 * fatal: the call prints "corobench: out of memory (N bytes)" and aborts, so no
 * caller carries an error path that cannot be tested. An allocation whose size
 * comes from input (a file, a -n) uses malloc and reports failure through its
 * error convention instead (status.h).
 */
#ifndef COROBENCH_XALLOC_H
#define COROBENCH_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);           /* size 0 allocates 1 byte         */
void *xcalloc(size_t n, size_t size); /* n or size 0 allocates 1 byte    */
void *xrealloc(void *p, size_t size); /* size 0 allocates 1 byte         */

#endif
