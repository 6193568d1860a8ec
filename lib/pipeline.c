/*
 * pipeline.c: an ordered parallel map over a stream of chunks.
 *
 * The calling thread produces chunks (reading OGR is sequential), worker
 * threads process them, and the calling thread merges them strictly in
 * the order they were produced. With N threads it starts N - 1 workers
 * and processes chunks itself when it has nothing to read, so that N
 * threads are busy, not N + 1 competing for N cores. Results therefore
 * do not depend on the number of threads (architecture.md "Threads"). At
 * most 2 x N chunks are in flight, so memory is bounded by the chunk
 * size, not by the size of the stream.
 */
#include "internal.h"
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOT_FREE, SLOT_QUEUED, SLOT_BUSY, SLOT_DONE };

typedef struct slot {
    void *chunk;
    int state;
    lb_status st;
} slot;

typedef struct lb__pipeline {
    const lb__pipeline_ops *ops;
    void *shared;
} lb__pipeline;

typedef struct run {
    const lb__pipeline *p;
    slot *slots;
    size_t nslots;
    size_t head;   /* oldest in flight: merged next */
    size_t queued; /* next to hand to a worker */
    size_t tail;   /* next free */
    int stop;
    int out;      /* workers that left the loop: they use the run no more */
    int dropping; /* a failure or cancel: queued chunks are not processed */
    pthread_mutex_t mu;
    pthread_cond_t work; /* a chunk was queued, or stop */
    pthread_cond_t done; /* a chunk was processed */
} run;

int lb__cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

typedef struct worker_arg {
    run *r;
    int index;
} worker_arg;

/* A worker frees its state after leaving the run, which may be gone by
 * then (lb__pipeline_run_tail): it counts itself out, and uses only what
 * it took before. */
static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    run *r = w->r;
    void (*fini)(void *) = r->p->ops->worker_fini;
    void *state = r->p->ops->worker_init(r->p->shared, w->index);
    pthread_mutex_lock(&r->mu);
    for (;;) {
        slot *s;
        while (!r->stop && r->queued == r->tail)
            pthread_cond_wait(&r->work, &r->mu);
        if (r->queued == r->tail)
            break; /* stop, and nothing left to do */
        s = &r->slots[r->queued++ % r->nslots];
        s->state = SLOT_BUSY;
        if (r->dropping) { /* it will only be freed */
            s->st = LB_ERR_ARG;
            s->state = SLOT_DONE;
            pthread_cond_broadcast(&r->done);
            continue;
        }
        pthread_mutex_unlock(&r->mu);
        s->st = state ? r->p->ops->process(state, s->chunk) : LB_ERR_NOMEM;
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&r->done);
    }
    r->out++;
    pthread_cond_broadcast(&r->done);
    pthread_mutex_unlock(&r->mu);
    if (state)
        fini(state);
    return NULL;
}

/* The calling thread's worker state, made when it first helps: the
 * workers make theirs while it reads the first chunk. */
typedef struct helper {
    void *state;
    int index, tried;
} helper;

/* The calling thread works too, when it has nothing to read: the oldest
 * queued chunk, with its own worker state. 1 when it took one. */
static int help(run *r, helper *me)
{
    slot *s;
    if (!me->tried) {
        me->tried = 1;
        me->state = r->p->ops->worker_init(r->p->shared, me->index);
    }
    pthread_mutex_lock(&r->mu);
    if (!me->state || r->dropping || r->queued == r->tail) {
        pthread_mutex_unlock(&r->mu);
        return 0;
    }
    s = &r->slots[r->queued++ % r->nslots];
    s->state = SLOT_BUSY;
    pthread_mutex_unlock(&r->mu);
    s->st = r->p->ops->process(me->state, s->chunk);
    pthread_mutex_lock(&r->mu);
    s->state = SLOT_DONE;
    pthread_cond_broadcast(&r->done);
    pthread_mutex_unlock(&r->mu);
    return 1;
}

static int oldest_done(run *r)
{
    int done;
    pthread_mutex_lock(&r->mu);
    done = r->slots[r->head % r->nslots].state == SLOT_DONE;
    pthread_mutex_unlock(&r->mu);
    return done;
}

/* Merge the oldest chunk once a worker has finished it; after a failure
 * (@p drop) only free it. */
static lb_status merge_oldest(run *r, int drop)
{
    slot *s = &r->slots[r->head % r->nslots];
    lb_status st;
    pthread_mutex_lock(&r->mu);
    while (s->state != SLOT_DONE)
        pthread_cond_wait(&r->done, &r->mu);
    pthread_mutex_unlock(&r->mu);
    st = s->st;
    if (st == LB_OK && !drop)
        st = r->p->ops->merge(r->p->shared, s->chunk);
    r->p->ops->chunk_free(r->p->shared, s->chunk);
    s->chunk = NULL;
    s->state = SLOT_FREE;
    r->head++;
    return st;
}

/* Read while there is room; else merge the oldest chunk if it is done,
 * else process a queued one here (the calling thread is one of the
 * threads asked for: it never idles while workers wait for chunks), else
 * wait for the oldest. */
static lb_status drive(run *r, helper *me)
{
    lb_status st = LB_OK, read_st = LB_OK;
    int more = 1;
    while (st == LB_OK && (more || r->head != r->tail)) {
        if (!(more && r->tail - r->head < r->nslots) && !oldest_done(r) &&
            help(r, me))
            continue;
        if (more && r->tail - r->head < r->nslots) {
            void *chunk = NULL;
            /* a failure to read comes after the chunks read before it,
             * as with one thread: they are still merged, and one of
             * them that fails is what is returned */
            read_st = r->p->ops->produce(r->p->shared, &chunk);
            if (read_st != LB_OK || !chunk) {
                more = 0;
                continue;
            }
            pthread_mutex_lock(&r->mu);
            r->slots[r->tail % r->nslots].chunk = chunk;
            r->slots[r->tail % r->nslots].state = SLOT_QUEUED;
            r->tail++;
            pthread_cond_signal(&r->work);
            pthread_mutex_unlock(&r->mu);
        } else {
            st = merge_oldest(r, 0);
        }
    }
    if (st == LB_OK)
        st = read_st;
    /* After a failure, let the workers finish what they hold and drop
     * what is left, unprocessed. */
    pthread_mutex_lock(&r->mu);
    r->dropping = st != LB_OK;
    pthread_mutex_unlock(&r->mu);
    while (r->head != r->tail)
        merge_oldest(r, 1);
    return st;
}

/* One thread: produce, process and merge in turn, no threads at all. */
static lb_status run_inline(const lb__pipeline *p)
{
    void *state = p->ops->worker_init(p->shared, 0), *chunk;
    lb_status st = state ? LB_OK : LB_ERR_NOMEM;
    while (st == LB_OK) {
        chunk = NULL;
        st = p->ops->produce(p->shared, &chunk);
        if (st != LB_OK || !chunk)
            break;
        st = p->ops->process(state, chunk);
        if (st == LB_OK)
            st = p->ops->merge(p->shared, chunk);
        p->ops->chunk_free(p->shared, chunk);
    }
    if (state)
        p->ops->worker_fini(state);
    return st;
}

lb_status lb__pipeline_run(const lb__pipeline_ops *ops, void *shared,
                           int threads)
{
    lb__tail tail;
    lb_status st = lb__pipeline_run_tail(ops, shared, threads, &tail);
    lb__tail_join(&tail);
    return st;
}

void lb__tail_join(lb__tail *tail)
{
    int i;
    for (i = 0; i < tail->n; i++)
        pthread_join(tail->tid[i], NULL);
    free(tail->tid);
    tail->tid = NULL;
    tail->n = 0;
    if (tail->then)
        tail->then(tail->then_arg);
    tail->then = NULL;
    tail->then_arg = NULL;
}

lb_status lb__pipeline_run_tail(const lb__pipeline_ops *ops, void *shared,
                                int threads, lb__tail *tail)
{
    lb__pipeline pl, *p = &pl;
    run r;
    pthread_t *tid;
    worker_arg *args;
    helper me = {NULL, 0, 0};
    int i, started = 0;
    lb_status st;
    pl.ops = ops;
    pl.shared = shared;
    memset(tail, 0, sizeof *tail);
    if (threads <= 0)
        threads = lb__cpu_count();
    if (threads == 1)
        return run_inline(p);
    memset(&r, 0, sizeof r);
    r.p = p;
    r.nslots = 2 * (size_t)threads;
    r.slots = calloc(r.nslots, sizeof *r.slots);
    tid = calloc((size_t)threads, sizeof *tid);
    args = calloc((size_t)threads, sizeof *args);
    if (!r.slots || !tid || !args) {
        free(r.slots);
        free(tid);
        free(args);
        return LB_ERR_NOMEM;
    }
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.work, NULL);
    pthread_cond_init(&r.done, NULL);
    /* threads - 1 workers; the calling thread reads, merges and helps */
    for (i = 0; i + 1 < threads; i++) {
        args[i].r = &r;
        args[i].index = i;
        if (pthread_create(&tid[i], NULL, worker_main, &args[i]) == 0)
            started++;
        else
            break;
    }
    me.index = threads - 1;
    /* no thread could start: the calling thread does it all */
    st = started ? drive(&r, &me) : run_inline(p);
    pthread_mutex_lock(&r.mu);
    r.stop = 1;
    pthread_cond_broadcast(&r.work);
    pthread_mutex_unlock(&r.mu);
    /* the workers free their states as this thread frees its own, and
     * go on doing so after the run is gone: the caller joins them */
    if (me.state)
        ops->worker_fini(me.state);
    pthread_mutex_lock(&r.mu);
    while (r.out < started)
        pthread_cond_wait(&r.done, &r.mu);
    pthread_mutex_unlock(&r.mu);
    pthread_cond_destroy(&r.done);
    pthread_cond_destroy(&r.work);
    pthread_mutex_destroy(&r.mu);
    free(r.slots);
    free(args);
    tail->tid = tid;
    tail->n = started;
    return st;
}

void *lb__ctx_worker_init(void *shared, int index)
{
    lb__ctx_worker *w = calloc(1, sizeof *w);
    (void)index;
    if (!w)
        return NULL;
    w->shared = shared;
    if (lb_context_create(&w->ctx) != LB_OK) {
        lb_context_destroy(w->ctx); /* what was made of it */
        free(w);
        return NULL;
    }
    return w;
}

void lb__ctx_worker_fini(void *state)
{
    lb__ctx_worker *w = state;
    lb_context_destroy(w->ctx);
    free(w);
}

/* ---- ranges of items ------------------------------------------------- */

typedef struct range_run {
    const lb__range_ops *ops;
    void *shared;
    size_t n, chunk, next;
    lb_diagnostics *diag;
} range_run;

typedef struct range_chunk {
    size_t first, n;
    lb_diagnostics diag;
} range_chunk;

typedef struct range_state {
    lb__ctx_worker *w; /* the worker's own context; shared: the range_run */
    void *user;
} range_state;

static lb_status range_produce(void *shared, void **out)
{
    range_run *r = shared;
    range_chunk *c;
    *out = NULL;
    if (r->next >= r->n)
        return LB_OK;
    if (!(c = calloc(1, sizeof *c)))
        return LB_ERR_NOMEM;
    c->first = r->next;
    c->n = r->n - r->next < r->chunk ? r->n - r->next : r->chunk;
    r->next += c->n;
    *out = c;
    return LB_OK;
}

static lb_status range_process(void *state, void *chunk)
{
    range_state *s = state;
    range_chunk *c = chunk;
    const range_run *r = s->w->shared;
    return r->ops->process(s->user, s->w->ctx, c->first, c->n, &c->diag);
}

static lb_status range_merge(void *shared, void *chunk)
{
    range_run *r = shared;
    return r->diag ? lb__diag_extend(r->diag, &((range_chunk *)chunk)->diag)
                   : LB_OK;
}

static void range_chunk_free(void *shared, void *chunk)
{
    range_chunk *c = chunk;
    (void)shared;
    lb__diag_clear(&c->diag);
    free(c->diag.v);
    free(c);
}

static void range_worker_fini(void *state)
{
    range_state *s = state;
    const range_run *r = s->w->shared;
    if (s->user && r->ops->worker_fini)
        r->ops->worker_fini(s->user, s->w->ctx);
    lb__ctx_worker_fini(s->w);
    free(s);
}

static void *range_worker_init(void *shared, int index)
{
    range_run *r = shared;
    range_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (!(s->w = lb__ctx_worker_init(r, index))) {
        free(s);
        return NULL;
    }
    s->user = r->ops->worker_init ? r->ops->worker_init(r->shared, s->w->ctx)
                                  : r->shared;
    if (!s->user) {
        range_worker_fini(s);
        return NULL;
    }
    return s;
}

static const lb__pipeline_ops range_ops = {
    range_produce,    range_process,     range_merge,
    range_chunk_free, range_worker_init, range_worker_fini};

lb_status lb__parallel_ranges(const lb__range_ops *ops, void *shared, size_t n,
                              size_t chunk, int threads, lb_diagnostics *diag)
{
    range_run r;
    size_t ranges;
    r.ops = ops;
    r.shared = shared;
    r.n = n;
    r.chunk = chunk ? chunk : 1;
    r.next = 0;
    r.diag = diag;
    /* no more workers (each with its context and index) than ranges */
    ranges = (n + r.chunk - 1) / r.chunk;
    if (threads <= 0)
        threads = lb__cpu_count();
    if ((size_t)threads > ranges)
        threads = ranges > 1 ? (int)ranges : 1;
    return lb__pipeline_run(&range_ops, &r, threads);
}
