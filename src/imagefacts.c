/*
** What official images ship, for the rules that check a compose file
** against the images it runs: whether curl and wget are there for a
** healthcheck (PL3002), and that the image defines no HEALTHCHECK of its
** own (PL2002).  Offline knowledge, kept as data: a line per image and
** variant.  A variant is read from the tag: "slim" (debian's -slim
** bases: no curl, no wget), "alpine" (BusyBox: wget is its applet, no
** curl), or the default tag (for the language images, buildpack-deps:
** curl and wget installed).  Sources: the Dockerfiles of docker-library
** (python, node, ruby, golang, perl, debian, ubuntu, alpine), and its
** FAQ, which says official images do not define HEALTHCHECK.  An image
** or variant not listed is unknown: the rules then stay silent.
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rulekit.h"

#define U PL_RK_TOOL_UNKNOWN
#define N PL_RK_TOOL_NONE
#define B PL_RK_TOOL_BUSYBOX
#define P PL_RK_TOOL_PRESENT

typedef enum variant { V_DEFAULT, V_SLIM, V_ALPINE } variant;

typedef struct image_row {
	const char *image;   /* official repository, normalized ("python") */
	variant var;         /* which tags the row is about */
	pl_rk_tool curl, wget;
	const char *probe;   /* what a healthcheck can use instead, or NULL */
	const char *pm;      /* how to install a package: "apt-get", "apk" */
} image_row;

#define PY_PROBE "python -c and urllib.request"
#define NODE_PROBE "node -e and fetch()"
#define BB_PROBE "BusyBox's 'wget -q --spider'"

static const image_row rows[] = {
	{"alpine", V_ALPINE, N, B, BB_PROBE, "apk"},
	{"alpine", V_DEFAULT, N, B, BB_PROBE, "apk"},
	{"busybox", V_DEFAULT, N, B, BB_PROBE, NULL},
	{"debian", V_DEFAULT, N, N, NULL, "apt-get"},
	{"debian", V_SLIM, N, N, NULL, "apt-get"},
	{"golang", V_ALPINE, N, B, BB_PROBE, "apk"},
	{"golang", V_DEFAULT, P, P, NULL, "apt-get"},
	{"node", V_ALPINE, N, B, BB_PROBE, "apk"},
	{"node", V_DEFAULT, P, P, NULL, "apt-get"},
	{"node", V_SLIM, N, N, NODE_PROBE, "apt-get"},
	{"perl", V_DEFAULT, P, P, NULL, "apt-get"},
	{"perl", V_SLIM, N, N, NULL, "apt-get"},
	{"python", V_ALPINE, N, B, BB_PROBE, "apk"},
	{"python", V_DEFAULT, P, P, NULL, "apt-get"},
	{"python", V_SLIM, N, N, PY_PROBE, "apt-get"},
	{"ruby", V_ALPINE, N, B, BB_PROBE, "apk"},
	{"ruby", V_DEFAULT, P, P, NULL, "apt-get"},
	{"ruby", V_SLIM, N, N, NULL, "apt-get"},
	{"ubuntu", V_DEFAULT, N, N, NULL, "apt-get"},
};

/*
** Official images known to define no HEALTHCHECK (docker-library's
** policy; the databases and queues are the ones 'condition:
** service_healthy' waits for).  Sorted.
*/
static const char *const no_healthcheck[] = {
	"alpine", "busybox", "caddy", "cassandra", "couchdb", "debian", "eclipse-temurin",
	"elasticsearch", "golang", "haproxy", "httpd", "influxdb", "mariadb", "memcached", "mongo",
	"mysql", "nats", "neo4j", "nginx", "node", "openjdk", "percona", "perl", "php", "postgres",
	"python", "rabbitmq", "redis", "ruby", "solr", "ubuntu", "zookeeper",
};

static int cmp_name(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

static variant variant_of(const pl_df_imageref *ref)
{
	const char *t = ref->tag ? ref->tag : "";
	if (strstr(t, "alpine"))
		return V_ALPINE;
	if (strstr(t, "slim"))
		return V_SLIM;
	return V_DEFAULT;
}

void pl_rk_image_facts_get(pl_rk_image_facts *f, const pl_df_imageref *ref)
{
	memset(f, 0, sizeof(*f));
	if (!ref || ref->has_vars)
		return;
	if (ref->scratch) {
		*f = (pl_rk_image_facts){true, "an empty image", N, N, true, true, NULL, NULL};
		return;
	}
	const char *path = ref->path ? ref->path : "";
	if (ref->registry && strcmp(ref->registry, "gcr.io") == 0 && pl_str_starts(path, "distroless/")) {
		bool debug = ref->tag && strstr(ref->tag, "debug"); /* :debug adds BusyBox */
		*f = (pl_rk_image_facts){true, "a distroless image", N, debug ? B : N, !debug, true,
		                         debug ? BB_PROBE : NULL, NULL};
		return;
	}
	const char *name = pl_rk_official_name(ref);
	if (!name)
		return;
	f->no_healthcheck = bsearch(name, no_healthcheck, PL_ARRAY_LEN(no_healthcheck),
	                            sizeof(*no_healthcheck), cmp_name) != NULL;
	f->known = f->no_healthcheck;
	variant v = variant_of(ref);
	for (size_t i = 0; i < PL_ARRAY_LEN(rows); i++) {
		if (strcmp(rows[i].image, name) != 0 || rows[i].var != v)
			continue;
		f->known = true;
		f->curl = rows[i].curl;
		f->wget = rows[i].wget;
		f->probe = rows[i].probe;
		f->pm = rows[i].pm;
		f->what = v == V_SLIM                       ? "a -slim image"
		          : v == V_ALPINE || rows[i].wget == B ? "an alpine image: BusyBox's wget only"
		                                               : "a minimal OS image";
		break;
	}
}
