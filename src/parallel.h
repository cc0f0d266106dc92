/*
** An ordered parallel map: run work(i) for i in [0, n) on a few threads
** and hand each result to done(i) on the calling thread, in order of i,
** as soon as it and every result before it are ready.
**
**     pl_par_map(paths.n, jobs, lint_path, report_path, &run);
**
** work runs on the worker threads, any number of items at once, so it
** may only touch what is its own (item i's input and result) or is safe
** to share (read-only data, atomics, locks).  done runs on the caller's
** thread only, one item at a time, in order: it may print, keep counts,
** free.  At most 'window' items are begun and not yet done, so results
** wait in memory only while an earlier item is still running.
**
** With threads <= 1 (or n <= 1) there is no thread at all: work(i) then
** done(i) for each i in turn, exactly the sequential loop.
*/
#ifndef PL_PARALLEL_H
#define PL_PARALLEL_H

#include <stddef.h>

typedef void *(*pl_par_work_fn)(void *ud, size_t i);
typedef void (*pl_par_done_fn)(void *ud, size_t i, void *result);

/*
** Run the map; returns when every done(i) has returned.  If a thread
** cannot be started the remaining work runs on fewer (at worst on the
** caller's thread alone): the result is the same.
*/
void pl_par_map(size_t n, unsigned threads, pl_par_work_fn work, pl_par_done_fn done, void *ud);

/* The number of threads to use by default: the processors online (at least 1). */
unsigned pl_par_default_threads(void);

#endif
