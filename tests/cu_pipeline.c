/*
 * cu_pipeline.c: the ordered parallel map (pipeline.c) on synthetic
 * chunks, with 2 to 6 threads and failures injected in reading,
 * processing and merging and in a thread's set-up: every chunk is
 * processed at most once and freed once, merges come in order, the first
 * failure in chunk order is returned (a failure to read included), as
 * with one thread, and the calling thread takes its share.
 */
#include "cu_tester.h"

#include "internal.h"
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct chunk {
    int id;
    int processed; /* under the run's mutex */
} chunk;

typedef struct run {
    pthread_mutex_t mu;
    int n, next, threads;
    int fail_produce, fail_process, fail_merge, null_index;
    int next_merge, allocated, freed, inits, finis;
    int twice, out_of_order, unprocessed;
    int by_index[8]; /* chunks processed by each thread's state */
} run;

typedef struct state {
    run *r;
    int index;
    unsigned seed;
} state;

static lb_status produce(void *shared, void **out)
{
    run *r = shared;
    chunk *c;
    *out = NULL;
    if (r->next >= r->n)
        return LB_OK;
    if (r->next == r->fail_produce)
        return LB_ERR_IO;
    if (!(c = calloc(1, sizeof *c)))
        return LB_ERR_NOMEM;
    c->id = r->next++;
    r->allocated++; /* the calling thread only */
    *out = c;
    return LB_OK;
}

static lb_status process(void *st, void *chunk_)
{
    state *s = st;
    chunk *c = chunk_;
    pthread_mutex_lock(&s->r->mu);
    s->r->twice += c->processed++ != 0;
    s->r->by_index[s->index]++;
    pthread_mutex_unlock(&s->r->mu);
    {
        /* up to 0.2 ms: shuffles the threads */
        struct timespec t = {0, (long)(rand_r(&s->seed) % 200) * 1000L};
        nanosleep(&t, NULL);
    }
    return c->id == s->r->fail_process ? LB_ERR_GEOS : LB_OK;
}

static lb_status merge(void *shared, void *chunk_)
{
    run *r = shared;
    chunk *c = chunk_;
    pthread_mutex_lock(&r->mu);
    r->out_of_order += c->id != r->next_merge;
    r->unprocessed += c->processed != 1;
    pthread_mutex_unlock(&r->mu);
    r->next_merge = c->id + 1;
    return c->id == r->fail_merge ? LB_ERR_ARG : LB_OK;
}

static void chunk_free(void *shared, void *chunk_)
{
    run *r = shared;
    free(chunk_);
    pthread_mutex_lock(&r->mu);
    r->freed++;
    pthread_mutex_unlock(&r->mu);
}

static void *worker_init(void *shared, int index)
{
    run *r = shared;
    state *s;
    if (index == r->null_index || !(s = calloc(1, sizeof *s)))
        return NULL;
    s->r = r;
    s->index = index;
    s->seed = (unsigned)index * 7u + 1u;
    pthread_mutex_lock(&r->mu);
    r->inits++;
    pthread_mutex_unlock(&r->mu);
    return s;
}

static void worker_fini(void *st)
{
    state *s = st;
    pthread_mutex_lock(&s->r->mu);
    s->r->finis++;
    pthread_mutex_unlock(&s->r->mu);
    free(s);
}

static const lb__pipeline_ops ops = {produce,    process,     merge,
                                     chunk_free, worker_init, worker_fini};

/* The status of the first failure in chunk order, as the caller sees it. */
static lb_status expected(const run *r)
{
    int k;
    for (k = 0; k < r->n; k++) {
        if (k == r->fail_produce)
            return LB_ERR_IO;
        if (k == r->fail_process)
            return LB_ERR_GEOS;
        if (k == r->fail_merge)
            return LB_ERR_ARG;
    }
    return LB_OK;
}

static void test_random_runs(void)
{
    unsigned seed = 2024;
    int it, caller_helped = 0, bad_status = 0;
    for (it = 0; it < 300; it++) {
        run r;
        lb_status st;
        memset(&r, 0, sizeof r);
        pthread_mutex_init(&r.mu, NULL);
        r.n = (int)(rand_r(&seed) % 30);
        r.threads = 2 + (int)(rand_r(&seed) % 5);
        r.fail_produce = rand_r(&seed) % 5 ? -1 : (int)(rand_r(&seed) % 30);
        r.fail_process = rand_r(&seed) % 5 ? -1 : (int)(rand_r(&seed) % 30);
        r.fail_merge = rand_r(&seed) % 5 ? -1 : (int)(rand_r(&seed) % 30);
        r.null_index =
            rand_r(&seed) % 4 ? -1 : (int)(rand_r(&seed) % (unsigned)r.threads);
        st = lb__pipeline_run(&ops, &r, r.threads);
        CU_ASSERT_EQUAL(r.allocated, r.freed);
        CU_ASSERT_EQUAL(r.inits, r.finis);
        CU_ASSERT_EQUAL(r.twice, 0);
        CU_ASSERT_EQUAL(r.out_of_order, 0);
        CU_ASSERT_EQUAL(r.unprocessed, 0);
        /* a thread without its state fails the chunks it takes with
         * LB_ERR_NOMEM, which may then come first */
        if (st != expected(&r) && !(r.null_index >= 0 && st == LB_ERR_NOMEM))
            bad_status++;
        if (st == LB_OK && r.null_index < 0)
            CU_ASSERT_EQUAL(r.next_merge, r.n);
        caller_helped += r.by_index[r.threads - 1] > 0;
        pthread_mutex_destroy(&r.mu);
    }
    CU_ASSERT_EQUAL(bad_status, 0);
    /* the calling thread (the last index) processed chunks in some runs */
    CU_ASSERT(caller_helped > 0);
}

/* Ranges: fewer ranges than threads, each item done once. */
typedef struct items {
    pthread_mutex_t mu;
    int seen[5];
} items;

static lb_status items_process(void *st, lb_context *ctx, size_t first,
                               size_t n, lb_diagnostics *diag)
{
    items *it = st;
    size_t i;
    (void)ctx;
    (void)diag;
    pthread_mutex_lock(&it->mu);
    for (i = first; i < first + n; i++)
        it->seen[i]++;
    pthread_mutex_unlock(&it->mu);
    return LB_OK;
}

static void test_fewer_ranges_than_threads(void)
{
    static const lb__range_ops rops = {NULL, NULL, items_process};
    items it;
    int threads, k;
    for (threads = 1; threads <= 8; threads++) {
        memset(&it, 0, sizeof it);
        pthread_mutex_init(&it.mu, NULL);
        CU_ASSERT_EQUAL(lb__parallel_ranges(&rops, &it, 5, 2, threads, NULL),
                        LB_OK);
        for (k = 0; k < 5; k++)
            CU_ASSERT_EQUAL(it.seen[k], 1);
        pthread_mutex_destroy(&it.mu);
    }
}

/* Each item tells a diagnostic; item 7's could not be recorded (as when
 * memory ran out). */
static lb_status tell_process(void *state, lb_context *ctx, size_t first,
                              size_t n, lb_diagnostics *diag)
{
    size_t i;
    (void)state;
    (void)ctx;
    for (i = first; i < first + n; i++) {
        if (i == 7) {
            diag->lost = 1;
            continue;
        }
        lb__diag_add(diag, LB_DIAG_SLIVER, LB_SEV_WARNING, "l", (long long)i,
                     NULL, 1.0, "item %zu", i);
    }
    return LB_OK;
}

/* A diagnostic a worker could not record is not forgotten when its
 * range's list is merged: the run's list says so (lb_balance and lb_check
 * then fail with LB_ERR_NOMEM rather than give fewer diagnostics). */
static void test_lost_diagnostic_travels(void)
{
    static const lb__range_ops rops = {NULL, NULL, tell_process};
    int threads, shared = 0; /* a worker's state is the shared argument */
    for (threads = 1; threads <= 4; threads++) {
        lb_diagnostics *d = lb__diag_new();
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(lb__parallel_ranges(&rops, &shared, 20, 3, threads, d),
                        LB_OK);
        CU_ASSERT_EQUAL_FATAL(lb_diagnostics_count(d), 19);
        CU_ASSERT_EQUAL(d->lost, 1);
        CU_ASSERT_EQUAL(lb_diagnostic_fid(lb_diagnostics_get(d, 7)), 8);
        lb__diag_clear(d);
        CU_ASSERT_EQUAL(d->lost, 0);
        lb_diagnostics_destroy(d);
    }
}

/* lb__pipeline_run_tail returns while the workers still free their
 * states: their worker_fini waits (up to 10 s) for a gate that the test
 * opens only after the run has returned, and lb__tail_join waits for
 * them. Had the run waited for the workers, they would have timed out. */
static struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int threads, open, timed_out, inits, finis;
} gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0};

static void *gate_init(void *shared, int index)
{
    int *ix = malloc(sizeof *ix);
    (void)shared;
    if (!ix)
        return NULL;
    *ix = index;
    pthread_mutex_lock(&gate.mu);
    gate.inits++;
    pthread_mutex_unlock(&gate.mu);
    return ix;
}

static void gate_fini(void *st)
{
    int index = *(int *)st;
    struct timespec until;
    free(st);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&gate.mu);
    /* the calling thread's state (the last index) is freed in the run */
    while (index < gate.threads - 1 && !gate.open)
        if (pthread_cond_timedwait(&gate.cv, &gate.mu, &until) != 0) {
            gate.timed_out++;
            break;
        }
    gate.finis++;
    pthread_mutex_unlock(&gate.mu);
}

static lb_status gate_process(void *st, void *chunk_)
{
    chunk *c = chunk_;
    (void)st;
    c->processed++; /* each chunk once, by whichever thread */
    return LB_OK;
}

/* tail->then runs after the workers: it sees every state freed. */
static void gate_then(void *arg)
{
    int *finis_then = arg;
    pthread_mutex_lock(&gate.mu);
    *finis_then = gate.finis;
    pthread_mutex_unlock(&gate.mu);
}

static void test_tail_ends_after_return(void)
{
    static const lb__pipeline_ops gops = {produce,    gate_process, merge,
                                          chunk_free, gate_init,    gate_fini};
    run r;
    lb__tail tail;
    int finis_at_return, finis_then = -1;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.mu, NULL);
    r.n = 40;
    r.fail_produce = r.fail_process = r.fail_merge = r.null_index = -1;
    gate.threads = 3;
    CU_ASSERT_EQUAL(lb__pipeline_run_tail(&gops, &r, 3, &tail), LB_OK);
    tail.then = gate_then;
    tail.then_arg = &finis_then;
    pthread_mutex_lock(&gate.mu);
    finis_at_return = gate.finis;
    gate.open = 1;
    pthread_cond_broadcast(&gate.cv);
    pthread_mutex_unlock(&gate.mu);
    CU_ASSERT_EQUAL(tail.n, 2);
    CU_ASSERT(finis_at_return <= 1); /* the calling thread's, if it helped */
    lb__tail_join(&tail);
    CU_ASSERT_EQUAL(tail.n, 0);
    CU_ASSERT_EQUAL(finis_then, gate.inits);
    CU_ASSERT_PTR_NULL(tail.then);
    CU_ASSERT_EQUAL(gate.timed_out, 0);
    CU_ASSERT_EQUAL(gate.finis, gate.inits);
    CU_ASSERT_EQUAL(r.freed, r.n);
    CU_ASSERT_EQUAL(r.next_merge, r.n);
    pthread_mutex_destroy(&r.mu);
}

void pipeline_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("pipeline", NULL, NULL);
    LB_ADD_TEST(s, test_random_runs);
    LB_ADD_TEST(s, test_fewer_ranges_than_threads);
    LB_ADD_TEST(s, test_lost_diagnostic_travels);
    LB_ADD_TEST(s, test_tail_ends_after_return);
}
