#include <cblas.h>

// Not in cblas.h, but exported by OpenBLAS (which calls it itself before a fork): stops its worker
// threads. OpenBLAS creates the pool again at its next threaded call.
int blas_thread_shutdown_(void);
