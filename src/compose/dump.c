/*
** --dump compose: the typed model as an S-expression, one element per
** line, for spec tests and debugging:
**
**     (project
**       (service "web" @2:3-2:6
**         (image "nginx:${TAG:-1}" @3:12-3:28 = "nginx:1")
**         (port short "8080:80" @5:9-5:18 published 8080 target 80 tcp))
**       (interp @3:12-3:28 "nginx:${TAG:-1}" -> "nginx:1"
**         (var "TAG" default unset used @3:18-3:27))
**       (problem schema @7:5-7:15 "unknown key 'healtcheck' in service 'web' …"))
**
** Positions are line:col-line:col in the element's file, prefixed with
** the file's name when it is not the main one; '@key~value' when an
** element has both; 'via l:c-l:c' for an alias or '<<' use site.  Only
** what is present is printed, so a dump is as small as the file.
*/
#include "dump.h"

#include <string.h>

#include "internal.h"

typedef struct D {
	FILE *out;
	const pl_compose *c;
	int level;
} D;

static void nl(D *d)
{
	fprintf(d->out, "\n%*s", d->level * 2, "");
}

static void str(D *d, const char *s)
{
	fputc('"', d->out);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(d->out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", d->out);
		else if (ch == '\t')
			fputs("\\t", d->out);
		else if (ch < 0x20 || ch == 0x7F)
			fprintf(d->out, "\\x%02X", ch);
		else
			fputc(ch, d->out);
	}
	fputc('"', d->out);
}

static void span(D *d, const pl_source *src, pl_span s)
{
	if (src && src != d->c->src)
		fprintf(d->out, "%s:", src->path);
	pl_dump_span(d->out, src ? src : d->c->src, s);
}

static void at(D *d, const pl_compose_loc *l)
{
	if (!l->node && !l->key)
		return;
	fputs(" @", d->out);
	if (l->key && l->node && l->key != l->node) {
		span(d, l->src, l->key->span);
		fputc('~', d->out);
		pl_dump_span(d->out, l->src, l->node->span);
	} else {
		span(d, l->src, (l->key ? l->key : l->node)->span);
	}
	if (l->site) {
		fputs(" via ", d->out);
		pl_dump_span(d->out, l->src, l->site->span);
	}
}

static const char *type_name(pl_yaml_type t)
{
	return pl_yaml_type_name(t);
}

/* (name "raw" @pos [= "interpolated"] [type]) */
static void val(D *d, const char *name, const pl_compose_val *v)
{
	if (!v->at.node)
		return;
	nl(d);
	fprintf(d->out, "(%s", name);
	if (v->raw) {
		fputc(' ', d->out);
		str(d, v->raw);
	} else {
		fputs(" <collection>", d->out);
	}
	at(d, &v->at);
	if (v->str && v->raw && strcmp(v->str, v->raw) != 0) {
		fputs(" = ", d->out);
		str(d, v->str);
	}
	if (v->type != PL_YAML_TYPE_STR && v->type != PL_YAML_TYPE_NONE)
		fprintf(d->out, " %s", type_name(v->type));
	fputc(')', d->out);
}

static void vals(D *d, const char *name, const pl_compose_vals *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		val(d, name, &vs->v[i]);
}

static void kvs(D *d, const char *name, const pl_compose_kvs *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		const pl_compose_kv *e = &kv->v[i];
		nl(d);
		fprintf(d->out, "(%s ", name);
		str(d, e->name);
		if (e->value) {
			fputs(" = ", d->out);
			str(d, e->value);
		} else {
			fputs(" unset", d->out);
		}
		fputs(e->list_form ? " list" : " map", d->out);
		at(d, &e->at);
		fputc(')', d->out);
	}
}

static void open_(D *d, const char *name, const pl_compose_loc *l)
{
	nl(d);
	fprintf(d->out, "(%s", name);
	if (l)
		at(d, l);
	d->level++;
}

static void close_(D *d)
{
	d->level--;
	fputc(')', d->out);
}

static void cmd(D *d, const char *name, const pl_compose_cmd *c)
{
	if (!c->at.node)
		return;
	open_(d, name, &c->at);
	fputs(c->is_list ? " list" : c->is_null ? " null" : " string", d->out);
	if (c->is_list)
		vals(d, "word", &c->items);
	else if (!c->is_null)
		val(d, "text", &c->str);
	close_(d);
}

static void ports(D *d, const pl_compose_service *s)
{
	for (size_t i = 0; i < s->ports.n; i++) {
		const pl_compose_port *p = &s->ports.v[i];
		nl(d);
		fputs(p->long_form ? "(port long" : "(port short ", d->out);
		if (!p->long_form)
			str(d, p->value.raw);
		at(d, &p->at);
		if (!p->ok) {
			fputs(" malformed)", d->out);
			continue;
		}
		if (*p->host_ip)
			fprintf(d->out, " ip %s", p->host_ip);
		if (p->has_published)
			fprintf(d->out, p->published_lo == p->published_hi ? " published %u" : " published %u-%u",
			        p->published_lo, p->published_hi);
		fprintf(d->out, p->target_lo == p->target_hi ? " target %u" : " target %u-%u", p->target_lo,
		        p->target_hi);
		fprintf(d->out, " %s", p->protocol);
		if (p->mode)
			fprintf(d->out, " mode %s", p->mode);
		fputc(')', d->out);
	}
}

static void volumes(D *d, const pl_compose_service *s)
{
	static const char *const types[] = {"volume", "bind", "tmpfs", "npipe", "cluster", "image", "other"};
	for (size_t i = 0; i < s->volumes.n; i++) {
		const pl_compose_volume *v = &s->volumes.v[i];
		nl(d);
		fputs(v->long_form ? "(volume long" : "(volume short ", d->out);
		if (!v->long_form)
			str(d, v->value.raw);
		at(d, &v->at);
		if (!v->ok) {
			fputs(" malformed)", d->out);
			continue;
		}
		fprintf(d->out, " %s", types[v->type]);
		if (v->source) {
			fputs(" source ", d->out);
			str(d, v->source);
		}
		if (v->target) {
			fputs(" target ", d->out);
			str(d, v->target);
		}
		if (v->read_only)
			fputs(" ro", d->out);
		if (v->nocopy)
			fputs(" nocopy", d->out);
		if (v->propagation)
			fprintf(d->out, " propagation %s", v->propagation);
		if (v->selinux)
			fprintf(d->out, " selinux %s", v->selinux);
		fputc(')', d->out);
	}
}

static void service(D *d, const pl_compose_service *s)
{
	open_(d, "service", NULL);
	fputc(' ', d->out);
	str(d, s->name);
	at(d, &s->at);
	const pl_compose_build *b = &s->build;
	if (b->at.node) {
		open_(d, "build", &b->at);
		if (b->short_form)
			fputs(" short", d->out);
		val(d, "context", &b->context);
		val(d, "dockerfile", &b->dockerfile);
		val(d, "dockerfile_inline", &b->dockerfile_inline);
		val(d, "target", &b->target);
		val(d, "network", &b->network);
		kvs(d, "arg", &b->args);
		kvs(d, "label", &b->labels);
		vals(d, "cache_from", &b->cache_from);
		vals(d, "tag", &b->tags);
		vals(d, "platform", &b->platforms);
		close_(d);
	}
	val(d, "image", &s->image);
	cmd(d, "command", &s->command);
	cmd(d, "entrypoint", &s->entrypoint);
	for (size_t i = 0; i < s->depends_on.n; i++) {
		const pl_compose_dep *dep = &s->depends_on.v[i];
		nl(d);
		fputs("(depends_on ", d->out);
		str(d, dep->service);
		fprintf(d->out, " %s %s%s%s%s", dep->long_form ? "long" : "short", dep->condition,
		        dep->required ? " required" : " optional", dep->restart ? " restart" : "",
		        dep->target ? "" : " undefined");
		at(d, &dep->at);
		fputc(')', d->out);
	}
	kvs(d, "env", &s->environment);
	for (size_t i = 0; i < s->env_file.n; i++) {
		const pl_compose_env_file *f = &s->env_file.v[i];
		nl(d);
		fputs("(env_file ", d->out);
		str(d, f->path.str);
		fputs(f->required ? " required" : " optional", d->out);
		if (f->format.str)
			fprintf(d->out, " format %s", f->format.str);
		at(d, &f->at);
		fputc(')', d->out);
	}
	ports(d, s);
	vals(d, "expose", &s->expose);
	volumes(d, s);
	vals(d, "volumes_from", &s->volumes_from);
	const pl_compose_healthcheck *h = &s->healthcheck;
	if (h->at.node) {
		open_(d, "healthcheck", &h->at);
		if (h->disabled)
			fputs(" disabled", d->out);
		cmd(d, "test", &h->test);
		val(d, "interval", &h->interval);
		val(d, "timeout", &h->timeout);
		val(d, "start_period", &h->start_period);
		val(d, "start_interval", &h->start_interval);
		val(d, "retries", &h->retries);
		val(d, "disable", &h->disable);
		close_(d);
	}
	val(d, "restart", &s->restart);
	val(d, "container_name", &s->container_name);
	val(d, "hostname", &s->hostname);
	val(d, "domainname", &s->domainname);
	val(d, "user", &s->user);
	val(d, "working_dir", &s->working_dir);
	val(d, "network_mode", &s->network_mode);
	val(d, "pull_policy", &s->pull_policy);
	val(d, "platform", &s->platform);
	val(d, "stop_signal", &s->stop_signal);
	val(d, "stop_grace_period", &s->stop_grace_period);
	val(d, "privileged", &s->privileged);
	val(d, "read_only", &s->read_only);
	val(d, "init", &s->init);
	val(d, "tty", &s->tty);
	val(d, "stdin_open", &s->stdin_open);
	val(d, "mem_limit", &s->mem_limit);
	val(d, "cpus", &s->cpus);
	val(d, "pid", &s->pid);
	val(d, "ipc", &s->ipc);
	val(d, "userns_mode", &s->userns_mode);
	val(d, "shm_size", &s->shm_size);
	val(d, "scale", &s->scale);
	for (size_t i = 0; i < s->networks.n; i++) {
		const pl_compose_svc_net *n = &s->networks.v[i];
		open_(d, "network", &n->at);
		fputc(' ', d->out);
		str(d, n->name);
		vals(d, "alias", &n->aliases);
		val(d, "ipv4_address", &n->ipv4_address);
		val(d, "ipv6_address", &n->ipv6_address);
		val(d, "priority", &n->priority);
		close_(d);
	}
	for (int k = 0; k < 2; k++) {
		const pl_compose_use *u = k ? s->configs.v : s->secrets.v;
		size_t n = k ? s->configs.n : s->secrets.n;
		for (size_t i = 0; i < n; i++) {
			open_(d, k ? "config" : "secret", &u[i].at);
			fputc(' ', d->out);
			str(d, u[i].source);
			fputs(u[i].long_form ? " long" : " short", d->out);
			val(d, "target", &u[i].target);
			val(d, "uid", &u[i].uid);
			val(d, "gid", &u[i].gid);
			val(d, "mode", &u[i].mode);
			close_(d);
		}
	}
	kvs(d, "label", &s->labels);
	kvs(d, "annotation", &s->annotations);
	kvs(d, "sysctl", &s->sysctls);
	vals(d, "profile", &s->profiles);
	vals(d, "cap_add", &s->cap_add);
	vals(d, "cap_drop", &s->cap_drop);
	vals(d, "security_opt", &s->security_opt);
	vals(d, "device", &s->devices);
	vals(d, "dns", &s->dns);
	vals(d, "tmpfs", &s->tmpfs);
	vals(d, "extra_host", &s->extra_hosts);
	vals(d, "link", &s->links);
	if (s->extends.at.node) {
		open_(d, "extends", &s->extends.at);
		val(d, "service", &s->extends.service);
		val(d, "file", &s->extends.file);
		close_(d);
	}
	if (s->deploy.node) {
		open_(d, "deploy", &s->deploy);
		val(d, "replicas", &s->deploy_replicas);
		val(d, "mode", &s->deploy_mode);
		val(d, "cpus_limit", &s->deploy_cpus_limit);
		val(d, "memory_limit", &s->deploy_memory_limit);
		val(d, "restart_condition", &s->deploy_restart_condition);
		close_(d);
	}
	if (s->develop.node) {
		open_(d, "develop", &s->develop);
		for (size_t i = 0; i < s->watch.n; i++) {
			const pl_compose_watch *w = &s->watch.v[i];
			open_(d, "watch", &w->at);
			val(d, "path", &w->path);
			val(d, "action", &w->action);
			val(d, "target", &w->target);
			vals(d, "ignore", &w->ignore);
			close_(d);
		}
		close_(d);
	}
	if (s->logging.node) {
		open_(d, "logging", &s->logging);
		val(d, "driver", &s->logging_driver);
		close_(d);
	}
	if (s->ulimits.node) {
		nl(d);
		fputs("(ulimits", d->out);
		at(d, &s->ulimits);
		fputc(')', d->out);
	}
	for (int k = 0; k < 2; k++) {
		const pl_compose_entries *es = k ? &s->unknown : &s->extensions;
		for (size_t i = 0; i < es->n; i++) {
			nl(d);
			fprintf(d->out, "(%s ", k ? "unknown" : "extension");
			str(d, es->v[i].name);
			at(d, &es->v[i].at);
			fputc(')', d->out);
		}
	}
	close_(d);
}

static const char *op_name(pl_compose_op op)
{
	static const char *const names[] = {"plain", ":-", "-", ":?", "?", ":+", "+"};
	return (unsigned)op < PL_ARRAY_LEN(names) ? names[op] : "?";
}

static void interp(D *d, const pl_compose_interp *it)
{
	open_(d, "interp", NULL);
	fputs(" @", d->out);
	span(d, it->src, it->node->span);
	fputc(' ', d->out);
	str(d, it->raw);
	fputs(" -> ", d->out);
	str(d, it->value);
	if (it->malformed) {
		fputs(" malformed @", d->out);
		span(d, it->src, it->bad);
	}
	if (it->uncertain)
		fputs(" uncertain", d->out);
	if (it->error) {
		fputc(' ', d->out);
		str(d, it->error);
	}
	for (size_t i = 0; i < it->nvars; i++) {
		const pl_compose_var *v = &it->vars[i];
		nl(d);
		fputs("(var ", d->out);
		str(d, v->name);
		fprintf(d->out, " %s %s%s%s%s", op_name(v->op), v->set ? (v->empty ? "empty" : "set") : "unset",
		        v->used ? " used" : "", v->failed ? " failed" : "", v->depth ? " nested" : "");
		if (v->arg) {
			fputs(" arg ", d->out);
			str(d, v->arg);
		}
		fputs(" @", d->out);
		span(d, it->src, v->span);
		fputc(')', d->out);
	}
	close_(d);
}

void pl_dump_compose(FILE *out, const pl_compose *c)
{
	static const char *const problem_kinds[] = {"yaml", "schema", "syntax"};
	D d = {out, c, 0};
	fputs("(project", out);
	d.level++;
	for (size_t i = 1; i < c->nfiles; i++) {
		nl(&d);
		fprintf(out, "(file %s%s%s%s)", c->files[i]->src->path, c->files[i]->is_env ? " env" : "",
		        c->files[i]->included ? " included" : "", c->files[i]->extended ? " extended" : "");
	}
	val(&d, "name", &c->name);
	val(&d, "version", &c->version);
	for (size_t i = 0; i < c->ninclude; i++) {
		open_(&d, "include", &c->include[i].at);
		vals(&d, "path", &c->include[i].path);
		vals(&d, "env_file", &c->include[i].env_file);
		val(&d, "project_directory", &c->include[i].project_directory);
		close_(&d);
	}
	for (size_t i = 0; i < c->nservices; i++)
		service(&d, &c->services[i]);
	for (size_t k = 0; k < PL_COMPOSE__NKINDS; k++) {
		for (size_t i = 0; i < c->nresources[k]; i++) {
			const pl_compose_resource *r = &c->resources[k][i];
			open_(&d, pl_compose_kind_name((pl_compose_kind)k), NULL);
			fputc(' ', out);
			str(&d, r->name);
			at(&d, &r->at);
			if (r->is_external)
				fputs(" external", out);
			val(&d, "name", &r->real_name);
			val(&d, "driver", &r->driver);
			val(&d, "file", &r->file);
			val(&d, "environment", &r->environment);
			val(&d, "content", &r->content);
			val(&d, "model", &r->model);
			kvs(&d, "label", &r->labels);
			close_(&d);
		}
	}
	for (size_t i = 0; i < c->extensions.n; i++) {
		nl(&d);
		fputs("(extension ", out);
		str(&d, c->extensions.v[i].name);
		at(&d, &c->extensions.v[i].at);
		fputc(')', out);
	}
	for (size_t i = 0; i < c->ninterps; i++)
		interp(&d, c->interps[i]);
	for (size_t i = 0; i < c->nproblems; i++) {
		const pl_compose_problem *p = &c->problems[i];
		nl(&d);
		fprintf(out, "(problem %s @", problem_kinds[p->kind]);
		span(&d, p->src, p->span);
		fputc(' ', out);
		str(&d, p->message);
		for (size_t k = 0; k < PL_ARRAY_LEN(p->notes); k++) {
			if (!p->notes[k].text)
				continue;
			fputs(" (note @", out);
			span(&d, p->notes[k].src, p->notes[k].span);
			fputc(' ', out);
			str(&d, p->notes[k].text);
			fputc(')', out);
		}
		fputc(')', out);
	}
	fputs(")\n", out);
}
