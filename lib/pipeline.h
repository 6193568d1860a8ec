/*
 * pipeline.h: an ordered parallel map over a stream of chunks
 * (pipeline.c).
 */
#ifndef LB_PIPELINE_H
#define LB_PIPELINE_H

#include "landbal.h"

#include <pthread.h>

/* What a pipeline does with its chunks; @p shared is the argument given
 * to lb__pipeline_run(). */
typedef struct lb__pipeline_ops {
    /* Calling thread: the next chunk in *chunk, or NULL at the end. */
    lb_status (*produce)(void *shared, void **chunk);
    /* Any thread, the calling one included, with its own state. */
    lb_status (*process)(void *state, void *chunk);
    /* Calling thread, in production order. */
    lb_status (*merge)(void *shared, void *chunk);
    void (*chunk_free)(void *shared, void *chunk);
    /* Per-thread state (NULL: out of memory) and its release. */
    void *(*worker_init)(void *shared, int index);
    void (*worker_fini)(void *state);
} lb__pipeline_ops;

/* The state of a worker that needs only its own context (for GEOS) and
 * the pipeline's shared argument: worker_init and worker_fini for it. */
typedef struct lb__ctx_worker {
    void *shared;
    lb_context *ctx;
} lb__ctx_worker;
void *lb__ctx_worker_init(void *shared, int index);
void lb__ctx_worker_fini(void *state);

/* Run the pipeline on @p threads threads (0: one per core): threads - 1
 * workers and the calling thread, which produces, merges and processes.
 * The first failing status of produce, process or merge is returned. */
lb_status lb__pipeline_run(const lb__pipeline_ops *ops, void *shared,
                           int threads);

/* Workers that may still be freeing their states (worker_fini) after the
 * run that started them has returned, and what is to be freed only once
 * they are gone (then, with then_arg; NULL for nothing). */
typedef struct lb__tail {
    pthread_t *tid;
    int n;
    void (*then)(void *arg);
    void *then_arg;
} lb__tail;

/* lb__pipeline_run, but it returns once every chunk is merged and the
 * calling thread's state is freed: the workers free theirs meanwhile,
 * so worker_fini must use nothing of @p shared, and the caller goes on
 * while they end. lb__tail_join(@p tail) waits for them, then runs
 * tail->then; it must be called, also after a failure. */
lb_status lb__pipeline_run_tail(const lb__pipeline_ops *ops, void *shared,
                                int threads, lb__tail *tail);
void lb__tail_join(lb__tail *tail);

/* Work on items [0, n) in ranges of @p chunk, on @p threads workers.
 * Each worker has its own context, made and freed by the helper. */
typedef struct lb__range_ops {
    /* Per-thread state built with the worker's context (NULL: out of
     * memory), and its release; both may be NULL when a worker needs
     * nothing beyond its context (state is then @p shared). */
    void *(*worker_init)(void *shared, lb_context *ctx);
    void (*worker_fini)(void *state, lb_context *ctx);
    /* Items [first, first + n), on a worker; its diagnostics go to
     * @p diag, which is appended to the run's in range order. */
    lb_status (*process)(void *state, lb_context *ctx, size_t first, size_t n,
                         lb_diagnostics *diag);
} lb__range_ops;

/* Run @p ops over [0, n); @p diag (may be NULL) receives the ranges'
 * diagnostics in order, so it is the same for any number of threads. */
lb_status lb__parallel_ranges(const lb__range_ops *ops, void *shared, size_t n,
                              size_t chunk, int threads, lb_diagnostics *diag);

/* Online processors. */
int lb__cpu_count(void);

#endif
