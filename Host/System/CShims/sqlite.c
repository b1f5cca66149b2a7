/* SQLite's process-wide settings: sqlite3_config is variadic, which Swift cannot call. */
#include "CShims.h"

#include <sqlite3.h>

int sbs_sqlite_configure(void) {
    /* Memory statistics take a global mutex around every allocation SQLite makes; the host never
       reads them. Only allowed before the library initializes (the first open): later calls
       answer SQLITE_MISUSE and change nothing. */
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
