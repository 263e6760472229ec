/* A heap-allocation counter for LD_PRELOAD that can be read while the process runs: every
 * malloc-family call is counted and passed on to glibc; each SIGUSR2 appends the running total as
 * one line to $MALLOC_COUNT_FILE. scripts/bench-progress.sh reads it around a window of writes and
 * around an idle window of the same length, so start-up, shutdown and background pollers cancel
 * out (a server's exit-time count, as malloc-count.c gives, mixes them in). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong allocations;
static int out = -1;

static inline void count(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t n) { count(); return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { count(); return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { count(); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { count(); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count(); return __libc_memalign(a, n); }

int posix_memalign(void **result, size_t a, size_t n) {
    count();
    void *p = __libc_memalign(a, n);
    if (p == NULL) return ENOMEM;
    *result = p;
    return 0;
}

/* Only async-signal-safe calls: digits by hand, one write(2). */
static void snapshot(int signal) {
    (void)signal;
    int saved = errno;
    char line[32];
    int i = sizeof line;
    line[--i] = '\n';
    unsigned long total = atomic_load(&allocations);
    do { line[--i] = (char)('0' + total % 10); total /= 10; } while (total > 0);
    if (out >= 0) (void)!write(out, line + i, sizeof line - i);
    errno = saved;
}

__attribute__((constructor)) static void setup(void) {
    const char *path = getenv("MALLOC_COUNT_FILE");
    if (path == NULL) return;
    out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = snapshot;
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &action, NULL);
}
