#ifndef SKILLSHELL_CEDIT_SHIM_H
#define SKILLSHELL_CEDIT_SHIM_H

#include <locale.h>
#include <stdio.h>
#include <histedit.h>

/* libedit's el_set, el_get and history are variadic, which Swift cannot call. Each shim below
 * fixes one call's argument types. The standard streams are bound here in C because Swift 6
 * treats the global stdin/stdout/stderr as shared mutable state. */

static inline EditLine *cedit_init(const char *program) {
    /* Without the locale, libedit reads multibyte input as single bytes and breaks UTF-8. */
    setlocale(LC_CTYPE, "");
    return el_init(program, stdin, stdout, stderr);
}

static inline int cedit_set_prompt(EditLine *e, char *(*prompt)(EditLine *)) {
    return el_set(e, EL_PROMPT, prompt);
}

static inline int cedit_set_editor(EditLine *e, const char *mode) {
    return el_set(e, EL_EDITOR, mode);
}

static inline int cedit_set_signal(EditLine *e, int handle) {
    return el_set(e, EL_SIGNAL, handle);
}

static inline int cedit_set_history(EditLine *e, History *h) {
    return el_set(e, EL_HIST, history, h);
}

static inline int cedit_add_function(EditLine *e, const char *name, const char *help,
                                     unsigned char (*function)(EditLine *, int)) {
    return el_set(e, EL_ADDFN, name, help, function);
}

static inline int cedit_bind(EditLine *e, const char *key, const char *function) {
    return el_set(e, EL_BIND, key, function, (const char *)NULL);
}

/* Sets one terminal mode flag for editing, for example "-isig" so Ctrl-C arrives as a key. */
static inline int cedit_set_tty_flag(EditLine *e, const char *flag) {
    return el_set(e, EL_SETTY, "-d", flag, (const char *)NULL);
}

static inline int cedit_set_client_data(EditLine *e, void *data) {
    return el_set(e, EL_CLIENTDATA, data);
}

static inline void *cedit_client_data(EditLine *e) {
    void *data = NULL;
    el_get(e, EL_CLIENTDATA, &data);
    return data;
}

static inline History *cedit_history_init(int size) {
    History *h = history_init();
    HistEvent event;
    if (h == NULL) return NULL;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, 1);
    return h;
}

static inline int cedit_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

static inline int cedit_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

static inline int cedit_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

static inline void cedit_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

#endif
