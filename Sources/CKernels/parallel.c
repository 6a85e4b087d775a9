#include "CKernels.h"

#include <pthread.h>

typedef struct {
    int count;
    int next;               // next index to hand out; taken with an atomic fetch-add
    void *context;
    void (*body)(void *context, int worker, int index);
} ck_parallel_job;

typedef struct {
    ck_parallel_job *job;
    int worker;
} ck_worker;

static void run_items(ck_parallel_job *job, int worker) {
    for (;;) {
        int index = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
        if (index >= job->count) return;
        job->body(job->context, worker, index);
    }
}

static void *run_worker(void *argument) {
    ck_worker *worker = argument;
    run_items(worker->job, worker->worker);
    return NULL;
}

void ck_parallel_for(int count, int threads, void *context, void (*body)(void *context, int worker, int index)) {
    ck_parallel_job job = {count, 0, context, body};
    if (threads > count) threads = count;
    if (threads > CK_MAX_THREADS) threads = CK_MAX_THREADS;
    pthread_t handles[CK_MAX_THREADS];
    ck_worker workers[CK_MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads; t++) {
        // A thread that cannot be started only costs parallelism: the others take its items.
        workers[started] = (ck_worker){&job, started + 1};
        if (pthread_create(&handles[started], NULL, run_worker, &workers[started]) == 0) started++;
    }
    run_items(&job, 0);
    for (int t = 0; t < started; t++) pthread_join(handles[t], NULL);
}
