/* A heap-allocation counter for LD_PRELOAD: every malloc-family call is counted and passed on to
 * glibc's own implementation. At exit the count goes to $MALLOC_COUNT_FILE. Built and used by
 * scripts/bench/balancer-cost.sh (allocations per proxied request = difference between a loaded
 * and an idle run of the same length, divided by the requests). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong allocations;

static inline void count(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t n) { count(); return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { count(); return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { count(); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { count(); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count(); return __libc_memalign(a, n); }

int posix_memalign(void **out, size_t a, size_t n) {
    count();
    void *p = __libc_memalign(a, n);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}

/* Read at load time: nginx replaces its environment before it exits. */
static char path[4096];

__attribute__((constructor)) static void setup(void) {
    const char *p = getenv("MALLOC_COUNT_FILE");
    if (p != NULL) snprintf(path, sizeof path, "%s", p);
}

__attribute__((destructor)) static void report(void) {
    if (path[0] == 0) return;
    unsigned long total = atomic_load(&allocations);
    FILE *f = fopen(path, "w");
    if (f == NULL) return;
    fprintf(f, "%lu\n", total);
    fclose(f);
}
