/*
** The ordered parallel map (see parallel.h): a counter hands out items,
** a ring of 'window' slots holds finished results until the caller's
** thread takes them in order.  One mutex guards the counters and the
** ring; a worker waits when the window is full.  The caller's thread
** counts as one of the threads: while the next result is not ready it
** takes items itself, and waits only when there is none left to take.
*/
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "plimsoll/base.h"

#define PAR_MAX_THREADS 256            /* more than any machine we run on needs */
#define PAR_STACK (16u << 20)          /* per worker: the parsers' depth caps fit with room */

typedef struct par_slot {
	void *result;  /* work's result, valid when ready */
	bool ready;    /* set by the worker, cleared by the caller that takes it */
} par_slot;

typedef struct par {
	pthread_mutex_t mu;    /* guards everything below */
	pthread_cond_t ready;  /* signalled when slot next_done becomes ready */
	pthread_cond_t space;  /* broadcast when next_done moves on (the window slides) */
	size_t n;              /* items */
	size_t next_take;      /* the next item a worker begins */
	size_t next_done;      /* the next item the caller hands to done */
	size_t window;         /* items begun and not done: at most this many */
	par_slot *ring;        /* item i's result is in ring[i % window] */
	pl_par_work_fn work;
	void *ud;
} par;

static void *worker(void *arg)
{
	par *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next_take < p->n && p->next_take >= p->next_done + p->window)
			pthread_cond_wait(&p->space, &p->mu);
		if (p->next_take >= p->n)
			break;
		size_t i = p->next_take++;
		pthread_mutex_unlock(&p->mu);
		void *r = p->work(p->ud, i);
		pthread_mutex_lock(&p->mu);
		par_slot *s = &p->ring[i % p->window];
		PL_ASSERT(!s->ready); /* the window keeps two live items out of one slot */
		s->result = r;
		s->ready = true;
		if (i == p->next_done)
			pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

unsigned pl_par_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > PAR_MAX_THREADS ? PAR_MAX_THREADS : (unsigned)n;
}

void pl_par_map(size_t n, unsigned threads, pl_par_work_fn work, pl_par_done_fn done, void *ud)
{
	if (threads > PAR_MAX_THREADS)
		threads = PAR_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	if (threads <= 1) {
		for (size_t i = 0; i < n; i++)
			done(ud, i, work(ud, i));
		return;
	}
	par p = {0};
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_cond_init(&p.space, NULL);
	p.n = n;
	/* Room for a slow item to hold up the report while the others run on. */
	p.window = 16 * (size_t)threads + 16;
	p.ring = pl_xcalloc(p.window, sizeof(*p.ring));
	p.work = work;
	p.ud = ud;

	pthread_t tid[PAR_MAX_THREADS];
	unsigned started = 0;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, PAR_STACK);
	/* The caller's thread is one of the 'threads': it works too while the next result is not ready. */
	for (unsigned t = 0; t + 1 < threads; t++) {
		if (pthread_create(&tid[started], &at, worker, &p) != 0)
			break; /* run on the ones we have */
		started++;
	}
	pthread_attr_destroy(&at);
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		par_slot *s = &p.ring[i % p.window];
		while (!s->ready) {
			if (p.next_take < n && p.next_take < p.next_done + p.window) {
				/*
				** Take an item rather than sleep: a wake-up per file costs
				** more than the file on a virtual machine, and item i
				** itself may be the next to take.
				*/
				size_t k = p.next_take++;
				pthread_mutex_unlock(&p.mu);
				void *r = work(ud, k);
				pthread_mutex_lock(&p.mu);
				par_slot *t = &p.ring[k % p.window];
				PL_ASSERT(!t->ready);
				t->result = r;
				t->ready = true;
				continue;
			}
			pthread_cond_wait(&p.ready, &p.mu);
		}
		void *r = s->result;
		s->ready = false;
		p.next_done = i + 1;
		pthread_cond_broadcast(&p.space);
		/* The worker that finishes item i + 1 signals only if it sees it is next. */
		pthread_mutex_unlock(&p.mu);
		done(ud, i, r);
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(p.ring);
	pthread_cond_destroy(&p.space);
	pthread_cond_destroy(&p.ready);
	pthread_mutex_destroy(&p.mu);
}
