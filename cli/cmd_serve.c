/*
 * cmd_serve.c: `herald serve`, the JSON API and the web page over a store
 * (include/herald_serve.h; endpoints in docs/api.md).
 *   herald serve [--db FILE] [--host ADDR] [--port N] [--token T] [--threads N]
 * Prints "herald serve: listening on http://HOST:PORT/" on stderr once it
 * answers, then serves until SIGINT or SIGTERM, which stop it cleanly
 * (requests in flight finish, the store is closed). Binding to an address
 * other than loopback without --token prints a warning: there is no
 * authentication then.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "herald_serve.h"

static const char USAGE[] =
    "usage: herald serve [--db FILE] [--host ADDR] [--port N] [--token TOKEN] [--threads N]\n"
    "                    [--query-ms N] [--cache-mb N]\n"
    "Serves the store read-only as a web page and a JSON API (docs/api.md).\n"
    "  --db FILE      the store (default herald.db; or a postgresql://... URI)\n"
    "  --host ADDR    address to listen on (default 127.0.0.1: this machine only)\n"
    "  --port N       TCP port (default 8080; 0 picks a free one)\n"
    "  --token TOKEN  require \"Authorization: Bearer TOKEN\" on every request\n"
    "                 (or set HERALD_TOKEN)\n"
    "  --threads N    worker threads, i.e. requests answered at once (default 4)\n"
    "  --query-ms N   time limit on one request's queries, in ms (default 2000);\n"
    "                 a request over it answers 503\n"
    "  --cache-mb N   memory for recent answers, dropped whenever the store changes\n"
    "                 (default 64; 0 turns the cache off)\n"
    "Stops on Ctrl-C or SIGTERM.\n";

/* A whole number in [min, max] from an option value; -1 if not one. */
static int number(const char *opt, const char *v, long min, long max, int *out) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < min || n > max) {
    fprintf(stderr, "herald serve: %s must be a number from %ld to %ld\n", opt, min, max);
    return -1;
  }
  *out = (int)n;
  return 0;
}

static int parse(int argc, char **argv, hd_serve_options *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (cli_is(a, "--help") || cli_is(a, "-h")) {
      fputs(USAGE, stdout);
      return 1;
    }
    if (!cli_is(a, "--db") && !cli_is(a, "--host") && !cli_is(a, "--port") && !cli_is(a, "--token") &&
        !cli_is(a, "--threads") && !cli_is(a, "--cache-mb") && !cli_is(a, "--query-ms")) {
      fprintf(stderr, "herald serve: unknown argument %s\n%s", a, USAGE);
      return -1;
    }
    if (!(v = cli_value(argc, argv, &i))) return -1;
    if (cli_is(a, "--db")) o->db = v;
    else if (cli_is(a, "--host")) o->host = v;
    else if (cli_is(a, "--token")) o->token = v;
    else if (cli_is(a, "--port") ? number(a, v, 0, 65535, &o->port)
             : cli_is(a, "--threads") ? number(a, v, 1, 64, &o->threads)
             : cli_is(a, "--query-ms") ? number(a, v, 1, 600000, &o->query_ms)
                                       : number(a, v, 0, 4096, &o->cache_mb))
      return -1;
  }
  if (o->token && !*o->token) {
    fprintf(stderr, "herald serve: --token must not be empty\n");
    return -1;
  }
  return 0;
}

int cmd_serve(int argc, char **argv) {
  hd_serve_options o;
  hd_serve_defaults(&o);
  o.token = getenv("HERALD_TOKEN");
  if (o.token && !*o.token) o.token = NULL;
  int p = parse(argc, argv, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  /* Block the stop signals before the server's threads start (they
   * inherit the mask), then wait for one of them here. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  hd_err err = {0};
  hd_server *s = hd_serve_start(&o, &err);
  if (!s) {
    fprintf(stderr, "herald serve: %s%s%s\n", err.file[0] ? err.file : "", err.file[0] ? ": " : "", err.msg);
    return err.code == HD_ERR_USAGE ? EXIT_USAGE : EXIT_SOME_FAILED;
  }
  if (!hd_serve_is_loopback(s) && !o.token)
    fprintf(stderr, "herald serve: warning: listening on %s, reachable from other machines, with no authentication;"
                    " anyone who can reach it can read the whole store (use --token, or --host 127.0.0.1)\n", o.host);
  const char *h = o.host;
  int v6 = strchr(h, ':') != NULL;
  fprintf(stderr, "herald serve: listening on http://%s%s%s:%d/\n", v6 ? "[" : "", h, v6 ? "]" : "", hd_serve_port(s));
  int sig = 0;
  sigwait(&stop, &sig);
  fprintf(stderr, "herald serve: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
  hd_serve_stop(s);
  return EXIT_OK;
}
