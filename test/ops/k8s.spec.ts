import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScaledObject, type IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import {
  TriggerAuthentication,
  type ITriggerAuthentication,
} from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { DEFAULT_PORTS, INTERNAL_PORTS, SERVICES, WORKER_SERVICES, type ServiceName } from '@offera/config';
import { QUEUES } from '@offera/contracts';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet, type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job, type IJob } from 'kubernetes-models/batch/v1/Job';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import {
  PodDisruptionBudget,
  type IPodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import type { IIoK8sApimachineryPkgApisMetaV1LabelSelector as ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import { appEnv, isWorker, setupEnv, type EnvVarSpec } from './app-env.js';
import { parseAcl } from './redis-acl.js';
import {
  asK8sObject,
  imageName,
  readYamlDocuments,
  render,
  strategicMerge,
  yamlFilesUnder,
  type K8sObject,
} from './kustomize.js';

const K8S = fileURLToPath(new URL('../../k8s', import.meta.url));
const OVERLAYS = ['dev', 'prod'] as const;
const IMAGE = 'ghcr.io/offera/platform';
const NAMESPACE = 'offera';

type Validatable = { validate(): void };
/** Every kind our manifests may use, with its schema; an unknown kind fails the test. */
const MODELS: Readonly<Record<string, new (data: never) => Validatable>> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function validate(obj: K8sObject): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) throw new Error(`${obj.apiVersion} ${obj.kind} has no schema in the test; add one`);
  try {
    new Model(obj as never).validate();
  } catch (e) {
    throw new Error(`${obj.kind}/${obj.metadata.name}: ${(e as Error).message}`, { cause: e });
  }
}

const rendered = new Map(OVERLAYS.map((o) => [o, render(path.join(K8S, 'overlays', o))]));
const objectsOf = (overlay: string): K8sObject[] => rendered.get(overlay as (typeof OVERLAYS)[number]) ?? [];
const ofKind = <T>(objs: K8sObject[], kind: string): T[] =>
  objs.filter((o) => o.kind === kind).map((o) => o as unknown as T);
const named = <T>(objs: K8sObject[], kind: string, name: string): T => {
  const found = objs.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0] as unknown as T;
};

const podSpec = (obj: IDeployment | IStatefulSet | IJob): IPodSpec => {
  const spec = obj.spec?.template.spec;
  if (!spec) throw new Error(`${obj.kind}/${obj.metadata?.name} has no pod spec`);
  return spec;
};

const configData = (objs: K8sObject[]): Record<string, string> =>
  named<IConfigMap>(objs, 'ConfigMap', 'offera-config').data ?? {};

/** Resolves a probe's port (number or container port name) to a number. */
function probePort(probe: IProbe | undefined, container: IContainer): number | undefined {
  const port = probe?.httpGet?.port;
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function selects(selector: ILabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !(has && inValues)) return false;
    if (e.operator === 'NotIn' && has && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const podLabels = (objs: K8sObject[], app: string): Record<string, string> =>
  named<IDeployment>(objs, 'Deployment', app).spec?.template.metadata?.labels ?? {};

/** Ports (as "TCP/5432") a pod may send to, with the peers allowed for each rule. */
function egressRules(objs: K8sObject[], labels: Record<string, string>) {
  return ofKind<INetworkPolicy>(objs, 'NetworkPolicy')
    .filter((p) => selects(p.spec?.podSelector, labels) && p.spec?.policyTypes?.includes('Egress'))
    .flatMap((p) => p.spec?.egress ?? []);
}
function ingressRules(objs: K8sObject[], labels: Record<string, string>) {
  return ofKind<INetworkPolicy>(objs, 'NetworkPolicy')
    .filter((p) => selects(p.spec?.podSelector, labels) && p.spec?.policyTypes?.includes('Ingress'))
    .flatMap((p) => p.spec?.ingress ?? []);
}
const allowsPort = (
  rule: { ports?: { port?: number | string; protocol?: string }[] },
  port: number,
  protocol = 'TCP',
) => (rule.ports ?? []).some((p) => p.port === port && (p.protocol ?? 'TCP') === protocol);
const fromNamespace = (peers: INetworkPolicyPeer[] | undefined, ns: string) =>
  (peers ?? []).some((p) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns);

/** Checks a container's env against what its program reads; returns the names it sets. */
function checkEnv(
  container: IContainer,
  allowed: ReadonlyMap<string, EnvVarSpec>,
  config: Record<string, string>,
) {
  expect(container.envFrom ?? []).toEqual([]); // explicit names only: no surprise variables
  const names = (container.env ?? []).map((e) => e.name);
  expect(new Set(names).size).toBe(names.length);
  for (const e of container.env ?? []) {
    const spec = allowed.get(e.name);
    if (!spec) throw new Error(`${container.name} sets ${e.name}, which it does not read`);
    if (spec.secret) {
      expect({ name: e.name, value: e.value }).toEqual({ name: e.name, value: undefined });
      expect(e.valueFrom?.secretKeyRef?.name).toMatch(/^offera-/);
    } else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      expect(ref.name).toBe('offera-config');
      if (!(ref.key in config))
        throw new Error(`${container.name}: ${e.name} refers to missing key ${ref.key}`);
    } else {
      expect(typeof e.value).toBe('string');
    }
  }
  // Production refuses to start without its secrets, so every one must be wired.
  for (const spec of allowed.values())
    if (spec.secret && !names.includes(spec.name))
      throw new Error(`${container.name} lacks secret ${spec.name}`);
  return names;
}

function checkHardening(spec: IPodSpec, container: IContainer): void {
  expect(spec.securityContext?.runAsNonRoot ?? container.securityContext?.runAsNonRoot).toBe(true);
  expect(spec.securityContext?.runAsUser ?? container.securityContext?.runAsUser).not.toBe(0);
  expect(spec.automountServiceAccountToken).toBe(false);
  expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
  expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
  expect(container.securityContext?.capabilities?.drop).toContain('ALL');
  expect(container.securityContext?.privileged ?? false).toBe(false);
  for (const r of ['cpu', 'memory']) {
    expect(container.resources?.requests?.[r]).toBeDefined();
    expect(container.resources?.limits?.[r]).toBeDefined();
  }
}

describe('every YAML file under k8s/', () => {
  const files = yamlFilesUnder(K8S);

  it('finds the manifests', () => {
    expect(files.map((f) => path.relative(K8S, f))).toEqual(
      expect.arrayContaining([
        'base/kustomization.yaml',
        'overlays/dev/kustomization.yaml',
        'overlays/prod/kustomization.yaml',
      ]),
    );
  });

  it.each(files.map((f) => [path.relative(K8S, f), f]))(
    '%s parses and every object validates',
    (_rel, file) => {
      const docs = readYamlDocuments(file);
      expect(docs.length).toBeGreaterThan(0);
      for (const [i, doc] of docs.entries()) {
        if (path.basename(file) === 'kustomization.yaml') continue;
        validate(asK8sObject(doc, `${file}#${i}`));
      }
    },
  );

  it('commits no real Secret: only the example file holds Secrets, with placeholders', () => {
    for (const file of files) {
      const secrets = readYamlDocuments(file).filter((d) => asK8sObjectOrNull(d)?.kind === 'Secret');
      if (path.basename(file) !== 'secrets.example.yaml')
        expect({ file, secrets }).toEqual({ file, secrets: [] });
    }
    const example = readYamlDocuments(path.join(K8S, 'secrets.example.yaml')) as ISecret[];
    expect(example.length).toBeGreaterThan(0);
    for (const secret of example) {
      expect(secret.data).toBeUndefined();
      for (const [key, value] of Object.entries(secret.stringData ?? {}))
        expect(`${key}=${value}`).toMatch(/CHANGE_ME/);
    }
    expect(readFileSync(path.join(K8S, '.gitignore'), 'utf8')).toMatch(/^secrets\.yaml$/m);
  });
});

function asK8sObjectOrNull(doc: unknown): K8sObject | null {
  try {
    return asK8sObject(doc, '');
  } catch {
    return null;
  }
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objs = objectsOf(overlay);
  const config = configData(objs);
  const shutdownMs = Number(config.SHUTDOWN_TIMEOUT_MS);
  const example = new Map(
    (readYamlDocuments(path.join(K8S, 'secrets.example.yaml')) as ISecret[]).map((s) => [
      s.metadata?.name ?? '',
      s.stringData ?? {},
    ]),
  );

  it('renders objects that all validate, in the offera namespace, and no Secret', () => {
    expect(objs.length).toBeGreaterThan(20);
    for (const obj of objs) {
      validate(obj);
      if (obj.kind !== 'Namespace')
        expect(`${obj.kind}/${obj.metadata.name} ${obj.metadata.namespace}`).toBe(
          `${obj.kind}/${obj.metadata.name} ${NAMESPACE}`,
        );
    }
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(named<K8sObject>(objs, 'Namespace', NAMESPACE).metadata.namespace).toBeUndefined();
  });

  it('has exactly one Deployment per app, running the platform image with APP set', () => {
    const deployments = ofKind<IDeployment>(objs, 'Deployment');
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual([...SERVICES].sort());
    for (const d of deployments) {
      const containers = podSpec(d).containers;
      expect(containers).toHaveLength(1);
      const image = containers[0].image ?? '';
      expect(imageName(image)).toBe(IMAGE);
      expect(image).toMatch(/^ghcr\.io\/offera\/platform(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/);
      expect(image).not.toMatch(/:latest$/);
      expect(containers[0].env?.find((e) => e.name === 'APP')?.value).toBe(d.metadata?.name);
      expect(containers[0].command).toBeUndefined(); // the image's CMD starts the selected app
    }
  });

  it.each(SERVICES.map((s) => [s]))(
    '%s: ports, probes, env, hardening and shutdown agree with the code',
    (app) => {
      const d = named<IDeployment>(objs, 'Deployment', app);
      const spec = podSpec(d);
      const [c] = spec.containers;
      const port = DEFAULT_PORTS[app];
      const internal = INTERNAL_PORTS[app];

      // The gateway: public API port plus an internal one; a worker: its one, internal, port.
      expect(c.ports?.map((p) => [p.name, p.containerPort])).toEqual(
        app === 'gateway'
          ? [
              ['http', port],
              ['internal', internal],
            ]
          : [['internal', port]],
      );
      expect(c.env?.find((e) => e.name === 'PORT')?.value).toBe(String(port));
      if (app === 'gateway')
        expect(c.env?.find((e) => e.name === 'INTERNAL_PORT')?.value).toBe(String(internal));
      expect([c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => p?.httpGet?.path)).toEqual([
        '/health/live',
        '/health/live',
        '/health/ready',
      ]);
      for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe])
        expect(probePort(probe, c)).toBe(internal);

      checkEnv(c, appEnv(app), config);
      checkHardening(spec, c);
      const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
      expect(spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();

      const preStopSeconds = Number(c.lifecycle?.preStop?.exec?.command?.at(-1) ?? 0);
      expect(Number.isFinite(shutdownMs) && shutdownMs > 0).toBe(true);
      expect((spec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
        shutdownMs + preStopSeconds * 1000,
      );

      const annotations = d.spec?.template.metadata?.annotations ?? {};
      expect(annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(internal),
        'prometheus.io/path': '/metrics',
      });

      const labels = podLabels(objs, app);
      expect(selects(d.spec?.selector, labels)).toBe(true);
      const service = named<IService>(objs, 'Service', app);
      expect(service.spec?.selector).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': app }));
      expect(Object.entries(service.spec?.selector ?? {}).every(([k, v]) => labels[k] === v)).toBe(true);
      expect(service.spec?.ports?.map((p) => p.port)).toEqual([port]);
      if (app === 'gateway') {
        // The internal port has a Service of its own (for the ServiceMonitor), never the Ingress.
        const internalService = named<IService>(objs, 'Service', 'gateway-internal');
        expect(internalService.spec?.ports?.map((p) => [p.name, p.port])).toEqual([['internal', internal]]);
        expect(internalService.spec?.selector).toEqual(service.spec?.selector);
      }
      const pdb = named<IPodDisruptionBudget>(objs, 'PodDisruptionBudget', app);
      expect(selects(pdb.spec?.selector, labels)).toBe(true);
    },
  );

  it('wires workers to their own database role and TLS setting', () => {
    const expected = overlay === 'prod' ? 'verify-full' : 'disable';
    expect(config.DATABASE_SSL).toBe(expected);
    for (const app of WORKER_SERVICES) {
      const [c] = podSpec(named<IDeployment>(objs, 'Deployment', app)).containers;
      const ref = c.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      expect(ref).toEqual({ name: `offera-${app}`, key: 'DATABASE_URL' });
    }
  });

  it('gives every Postgres client, the setup Job included, the same TLS mode and CA', () => {
    const clients = objs
      .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
      .flatMap((o) =>
        podSpec(o as unknown as IDeployment).containers.map((c) => ({ owner: o.metadata.name, c })),
      )
      .filter(({ c }) => (c.env ?? []).some((e) => /(^|_)DATABASE(_ADMIN)?_URL$/.test(e.name)));
    expect(clients.map((x) => x.owner).sort()).toEqual([...WORKER_SERVICES, 'offera-setup'].sort());
    for (const { owner, c } of clients)
      for (const name of ['DATABASE_SSL', 'DATABASE_SSL_CA'])
        expect({ owner, name, ref: c.env?.find((e) => e.name === name)?.valueFrom?.configMapKeyRef }).toEqual(
          {
            owner,
            name,
            ref: { name: 'offera-config', key: name },
          },
        );
    if (overlay === 'prod') expect(config.DATABASE_SSL).toBe('verify-full');
    expect(config.DATABASE_SSL_CA === '' || config.DATABASE_SSL_CA.includes('BEGIN CERTIFICATE')).toBe(true);
  });

  it('uses the ConfigMap fully: every key is read by some container', () => {
    const used = new Set(
      objs
        .filter((o) => ['Deployment', 'Job'].includes(o.kind))
        .flatMap((o) => podSpec(o as unknown as IDeployment).containers)
        .flatMap((c) => c.env ?? [])
        .map((e) => e.valueFrom?.configMapKeyRef?.key)
        .filter((k): k is string => k !== undefined),
    );
    expect(Object.keys(config).sort()).toEqual([...used].sort());
  });

  it('references only Secrets and keys that secrets.example.yaml documents', () => {
    const refs = objs
      .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
      .flatMap((o) => podSpec(o as unknown as IDeployment).containers)
      .flatMap((c) => c.env ?? [])
      .map((e) => e.valueFrom?.secretKeyRef)
      .filter((r) => r !== undefined);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(Object.keys(example.get(ref.name ?? '') ?? {})).toContain(ref.key);
  });

  it('lets the setup Job wait for Postgres instead of failing on a database still starting', () => {
    const job = named<IJob>(objs, 'Job', 'offera-setup');
    const [c] = podSpec(job).containers;
    expect(c.env?.find((e) => e.name === 'DATABASE_WAIT_SECONDS')?.valueFrom?.configMapKeyRef?.key).toBe(
      'DATABASE_WAIT_SECONDS',
    );
    const wait = Number(config.DATABASE_WAIT_SECONDS);
    expect(wait).toBeGreaterThanOrEqual(120); // a fresh dev Postgres pulls its image and initialises
    expect(wait).toBeLessThan(job.spec?.activeDeadlineSeconds ?? Infinity);
  });

  it('runs the setup Job before rollout with only the variables setup reads', () => {
    const job = named<IJob>(objs, 'Job', 'offera-setup');
    expect(job.metadata?.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
    const spec = podSpec(job);
    expect(spec.restartPolicy).toBe('Never');
    const [c] = spec.containers;
    expect(imageName(c.image ?? '')).toBe(IMAGE);
    expect(c.image).toBe(podSpec(named<IDeployment>(objs, 'Deployment', 'gateway')).containers[0].image);
    expect(c.command).toEqual(['node', 'dist/scripts/setup.js']);
    const names = checkEnv(c, setupEnv(), config);
    expect(names.sort()).toEqual([...setupEnv().keys()].sort());
    checkHardening(spec, c);
    // Each role URL is the same Secret key the service itself uses.
    for (const app of WORKER_SERVICES) {
      const ref = c.env?.find((e) => e.name === `${app.toUpperCase()}_DATABASE_URL`)?.valueFrom?.secretKeyRef;
      expect(ref).toEqual({ name: `offera-${app}`, key: 'DATABASE_URL' });
    }
  });

  it('publishes only the gateway, over TLS, through the Ingress', () => {
    const ingresses = ofKind<IIngress>(objs, 'Ingress');
    expect(ingresses).toHaveLength(1);
    const [ing] = ingresses;
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatch(overlay === 'prod' ? /^api\.offera\.fi$/ : /^api\.dev\.offera\.fi$/);
    expect(ing.spec?.tls?.flatMap((t) => t.hosts ?? [])).toEqual(hosts);
    expect(ing.spec?.tls?.every((t) => t.secretName)).toBe(true);
    const backends = (ing.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []);
    expect(backends.map((p) => p.path)).toEqual(['/api']);
    for (const p of backends) {
      expect(p.backend.service?.name).toBe('gateway');
      const port = p.backend.service?.port;
      const servicePort = named<IService>(objs, 'Service', 'gateway').spec?.ports?.find(
        (sp) => sp.name === port?.name || sp.port === port?.number,
      );
      expect(servicePort?.port).toBe(DEFAULT_PORTS.gateway);
    }
  });

  it('scales the gateway on CPU with an HPA', () => {
    const hpas = ofKind<IHorizontalPodAutoscaler>(objs, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec?.scaleTargetRef)).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' },
    ]);
    const [hpa] = hpas;
    expect(hpa.spec?.metrics?.map((m) => m.resource?.name)).toEqual(['cpu']);
    expect(hpa.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa.spec?.minReplicas ?? 1);
  });

  it('scales each worker with KEDA on its BullMQ wait list', () => {
    expect([...QUEUES].sort()).toEqual([...WORKER_SERVICES].sort());
    const scaled = ofKind<IScaledObject>(objs, 'ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual([...WORKER_SERVICES].sort());
    const redis = new URL(example.get('offera-orders')?.REDIS_URL ?? '');
    const acl = parseAcl(example.get('offera-redis')?.['users.acl'] ?? '');
    for (const s of scaled) {
      const app = s.spec.scaleTargetRef.name as ServiceName;
      expect(isWorker(app)).toBe(true);
      expect(s.metadata?.name).toBe(app);
      expect(s.spec.triggers).toHaveLength(1);
      const [trigger] = s.spec.triggers;
      expect(trigger.type).toBe('redis');
      expect(trigger.metadata.listName).toBe(`${config.QUEUE_PREFIX}:${app}:wait`);
      expect(trigger.metadata.listLength).toMatch(/^[1-9]\d*$/);
      expect(trigger.metadata.address).toBe(`${redis.hostname}:${redis.port || '6379'}`);
      expect(trigger.metadata.enableTLS).toBe(redis.protocol === 'rediss:' ? 'true' : 'false');
      // KEDA authenticates as its own ACL user, which may read the wait lists' length only.
      expect(trigger.metadata.username).toBe('keda');
      expect(trigger.authenticationRef?.name).toBe('redis-keda');
      const auth = named<ITriggerAuthentication>(objs, 'TriggerAuthentication', 'redis-keda');
      expect(auth.spec?.secretTargetRef).toEqual([
        { parameter: 'password', name: 'offera-keda', key: 'REDIS_PASSWORD' },
      ]);
      expect(Object.keys(example.get('offera-keda') ?? {})).toContain('REDIS_PASSWORD');
      expect(acl.get('keda')?.rules).toEqual(
        expect.arrayContaining([`~${config.QUEUE_PREFIX}:*:wait`, '-@all', '+llen']),
      );
      expect(acl.get('keda')?.rules.filter((r) => r.startsWith('~'))).toEqual([
        `~${config.QUEUE_PREFIX}:*:wait`,
      ]);
      expect(s.spec.minReplicaCount).toBeGreaterThanOrEqual(1); // scheduled jobs need a live replica
      expect(s.spec.maxReplicaCount).toBeGreaterThanOrEqual(s.spec.minReplicaCount ?? 0);
    }
  });

  it('runs Redis with append-only persistence and no eviction', () => {
    const conf = named<IConfigMap>(objs, 'ConfigMap', 'redis-config').data?.['redis.conf'] ?? '';
    const settings = new Map(
      conf
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.split(/\s+/)[0], l.split(/\s+/).slice(1).join(' ')] as const),
    );
    expect(settings.get('appendonly')).toBe('yes');
    expect(settings.get('maxmemory-policy')).toBe('noeviction');
    expect(settings.get('protected-mode')).toBe('yes');
    expect(settings.get('aclfile')).toBe('/etc/redis-acl/users.acl');
    expect(settings.has('requirepass')).toBe(false); // ACL users only; no shared password
    const sts = named<IStatefulSet>(objs, 'StatefulSet', 'redis');
    const spec = podSpec(sts);
    const [c] = spec.containers;
    expect(c.command).toEqual(['redis-server', '/etc/redis/redis.conf']);
    const mount = c.volumeMounts?.find((m) => m.mountPath === '/etc/redis');
    expect(spec.volumes?.find((v) => v.name === mount?.name)?.configMap?.name).toBe('redis-config');
    expect(c.image).toMatch(/^redis:7\./);
    checkHardening(spec, c);
    const aclMount = c.volumeMounts?.find((m) => m.mountPath === '/etc/redis-acl');
    expect(aclMount?.readOnly).toBe(true);
    const aclVolume = spec.volumes?.find((v) => v.name === aclMount?.name)?.secret;
    expect(aclVolume?.secretName).toBe('offera-redis');
    expect(aclVolume?.items).toEqual([{ key: 'users.acl', path: 'users.acl' }]);
    // Probes authenticate as the ping-only user, and fail on an error reply.
    for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe])
      expect(probe?.exec?.command).toEqual(['redis-cli', '-e', '--user', 'probe', 'ping']);
    expect(c.env?.find((e) => e.name === 'REDISCLI_AUTH')?.valueFrom?.secretKeyRef).toEqual({
      name: 'offera-redis',
      key: 'PROBE_PASSWORD',
    });
    expect(sts.spec?.volumeClaimTemplates?.map((t) => t.metadata?.name)).toContain(
      c.volumeMounts?.find((m) => m.mountPath === '/data')?.name,
    );
  });

  it('gives every app its own Redis ACL user, confined to the queue prefix', () => {
    const acl = parseAcl(example.get('offera-redis')?.['users.acl'] ?? '');
    expect(acl.get('default')?.on).toBe(false);
    expect([...acl.keys()].sort()).toEqual([...SERVICES, 'default', 'keda', 'probe'].sort());
    for (const app of SERVICES) {
      const [c] = podSpec(named<IDeployment>(objs, 'Deployment', app)).containers;
      const ref = c.env?.find((e) => e.name === 'REDIS_URL')?.valueFrom?.secretKeyRef;
      expect(ref).toEqual({ name: `offera-${app}`, key: 'REDIS_URL' });
      const url = new URL(example.get(`offera-${app}`)?.REDIS_URL ?? '');
      expect(url.username).toBe(app);
      expect(url.password).toBe('CHANGE_ME');
      expect(url.hostname).toBe(`redis.${NAMESPACE}.svc.cluster.local`);
      const rules = acl.get(app)?.rules ?? [];
      expect(rules.filter((r) => r.startsWith('~'))).toEqual([`~${config.QUEUE_PREFIX}:*`]);
      expect(rules.filter((r) => r.startsWith('&'))).toEqual([`&${config.QUEUE_PREFIX}:*`]);
      expect(rules).toEqual(expect.arrayContaining(['-@admin', '-@dangerous']));
      // A managed Redis behind rediss:// is verified against REDIS_TLS_CA (or the system CAs).
      expect(c.env?.find((e) => e.name === 'REDIS_TLS_CA')?.valueFrom?.configMapKeyRef?.key).toBe(
        'REDIS_TLS_CA',
      );
    }
  });

  describe('network policies', () => {
    const policies = ofKind<INetworkPolicy>(objs, 'NetworkPolicy');

    it('deny everything by default', () => {
      const denyAll = policies.filter(
        (p) =>
          Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
          p.spec?.policyTypes?.includes('Ingress') &&
          p.spec?.policyTypes?.includes('Egress') &&
          !p.spec?.ingress &&
          !p.spec?.egress,
      );
      expect(denyAll).toHaveLength(1);
    });

    it('never allow all egress', () => {
      for (const p of policies)
        for (const rule of p.spec?.egress ?? []) {
          expect({ policy: p.metadata?.name, ports: (rule.ports ?? []).length > 0 }).toEqual({
            policy: p.metadata?.name,
            ports: true,
          });
          for (const peer of rule.to ?? [])
            if (peer.ipBlock?.cidr === '0.0.0.0/0') expect(peer.ipBlock.except?.length).toBeGreaterThan(0);
        }
    });

    it.each(SERVICES.map((s) => [s]))('let %s reach DNS, Postgres and Redis, and be scraped', (app) => {
      const labels = podLabels(objs, app);
      const egress = egressRules(objs, labels);
      expect(egress.some((r) => allowsPort(r, 53, 'UDP') && fromNamespace(r.to, 'kube-system'))).toBe(true);
      for (const port of [5432, 6379]) expect(egress.some((r) => allowsPort(r, port))).toBe(true);
      const ingress = ingressRules(objs, labels);
      // Prometheus reaches the internal port; on the gateway, never the public API port.
      expect(
        ingress.some((r) => allowsPort(r, INTERNAL_PORTS[app]) && fromNamespace(r.from, 'monitoring')),
      ).toBe(true);
      if (app === 'gateway')
        expect(
          ingress.some((r) => allowsPort(r, DEFAULT_PORTS.gateway) && fromNamespace(r.from, 'monitoring')),
        ).toBe(false);
      const fromController = ingress.some(
        (r) => allowsPort(r, DEFAULT_PORTS[app]) && fromNamespace(r.from, 'ingress-nginx'),
      );
      expect(fromController).toBe(app === 'gateway');
      // The ingress controller never reaches an internal port.
      expect(
        ingress.some((r) => allowsPort(r, INTERNAL_PORTS[app]) && fromNamespace(r.from, 'ingress-nginx')),
      ).toBe(false);
      const outbound = [587, 465, 443].map((port) => egress.some((r) => allowsPort(r, port)));
      expect(outbound).toEqual([app === 'notifications', app === 'notifications', app === 'notifications']);
    });

    it('let the setup Job reach Postgres, and Redis accept the apps and KEDA only', () => {
      const job = named<IJob>(objs, 'Job', 'offera-setup');
      const setupEgress = egressRules(objs, job.spec?.template.metadata?.labels ?? {});
      expect(setupEgress.some((r) => allowsPort(r, 5432))).toBe(true);
      expect(setupEgress.some((r) => allowsPort(r, 6379))).toBe(false); // setup never needs Redis
      const redisLabels =
        named<IStatefulSet>(objs, 'StatefulSet', 'redis').spec?.template.metadata?.labels ?? {};
      const redisIngress = ingressRules(objs, redisLabels);
      const peers = redisIngress.filter((r) => allowsPort(r, 6379)).flatMap((r) => r.from ?? []);
      expect(redisIngress.every((r) => (r.from ?? []).length > 0)).toBe(true); // no rule open to all
      // KEDA: its operator pods only, never the whole keda namespace.
      const kedaPeers = peers.filter((p) => p.namespaceSelector);
      expect(kedaPeers).toHaveLength(1);
      expect(fromNamespace(kedaPeers, 'keda')).toBe(true);
      expect(selects(kedaPeers[0].podSelector, { 'app.kubernetes.io/name': 'keda-operator' })).toBe(true);
      expect(
        selects(kedaPeers[0].podSelector, { 'app.kubernetes.io/name': 'keda-operator-metrics-apiserver' }),
      ).toBe(false);
      // In this namespace: exactly the five apps, not the setup Job nor anything else.
      const local = peers.filter((p) => !p.namespaceSelector);
      for (const app of SERVICES)
        expect(local.some((peer) => selects(peer.podSelector, podLabels(objs, app)))).toBe(true);
      expect(local.some((peer) => selects(peer.podSelector, job.spec?.template.metadata?.labels ?? {}))).toBe(
        false,
      );
      expect(local.some((peer) => selects(peer.podSelector, { 'app.kubernetes.io/name': 'other' }))).toBe(
        false,
      );
    });
  });
});

describe('the test kustomize loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'offera-kustomize-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: example/web, env: [{ name: A, value: "1" }, { name: B, value: "2" }] }
        - { name: side, image: example/side:1 }
`;

  it('applies resources, namespace, labels, images, replicas and patches like kustomize', () => {
    write('base/kustomization.yaml', 'resources: [web.yaml]\n');
    write('base/web.yaml', deployment);
    write(
      'over/kustomization.yaml',
      `namespace: demo
resources: [../base]
labels: [{ pairs: { env: x }, includeTemplates: true }]
images: [{ name: example/web, newTag: "2.0" }]
replicas: [{ name: web, count: 3 }]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        template:
          spec:
            containers:
              - { name: web, env: [{ name: B, value: "3" }, { name: C, value: "4" }] }
`,
    );
    const [out] = render(path.join(dir, 'over')) as unknown as IDeployment[];
    expect(out.metadata).toEqual({ name: 'web', namespace: 'demo', labels: { env: 'x' } });
    expect(out.spec?.replicas).toBe(3);
    expect(out.spec?.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(out.spec?.template.metadata?.labels).toEqual({ app: 'web', env: 'x' });
    const [web, side] = podSpec(out).containers;
    expect(web.image).toBe('example/web:2.0');
    expect(side.image).toBe('example/side:1');
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
      { name: 'C', value: '4' },
    ]);
  });

  it('replaces lists of custom resources and deletes keys patched to null', () => {
    const base = { spec: { triggers: [{ type: 'a' }, { type: 'b' }], keep: 1, drop: 2 } };
    expect(strategicMerge(base, { spec: { triggers: [{ type: 'c' }], drop: null } }, false)).toEqual({
      spec: { triggers: [{ type: 'c' }], keep: 1 },
    });
  });

  it('refuses what it does not support instead of rendering something else', () => {
    write('k/kustomization.yaml', 'resources: [a.yaml]\nconfigMapGenerator: [{ name: x }]\n');
    write('k/a.yaml', deployment);
    expect(() => render(path.join(dir, 'k'))).toThrow(/unsupported by the test loader: configMapGenerator/);
    expect(() => strategicMerge({}, { $patch: 'delete' })).toThrow(/not supported/);
  });

  it('fails on missing resources, unmatched patches, duplicates and broken YAML', () => {
    write('missing/kustomization.yaml', 'resources: [nope.yaml]\n');
    expect(() => render(path.join(dir, 'missing'))).toThrow(/nope\.yaml does not exist/);

    write('unmatched/kustomization.yaml', 'resources: [a.yaml]\npatches: [{ path: p.yaml }]\n');
    write('unmatched/a.yaml', deployment);
    write('unmatched/p.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: other }\n');
    expect(() => render(path.join(dir, 'unmatched'))).toThrow(/Deployment\/other matches 0 objects/);

    write('dup/kustomization.yaml', 'resources: [a.yaml, b.yaml]\n');
    write('dup/a.yaml', deployment);
    write('dup/b.yaml', deployment);
    expect(() => render(path.join(dir, 'dup'))).toThrow(/defined more than once/);

    write('broken/kustomization.yaml', 'resources: [a.yaml]\n');
    write('broken/a.yaml', 'kind: [unclosed\n');
    expect(() => render(path.join(dir, 'broken'))).toThrow(/a\.yaml/);

    expect(() => render(path.join(dir, 'nowhere'))).toThrow(/no kustomization\.yaml/);
  });

  it('rejects objects the schemas reject', () => {
    const bad = asK8sObject(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: {
          selector: {},
          template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } },
        },
      },
      'inline',
    );
    expect(() => validate(bad)).toThrow(/containerPort must be integer/);
    expect(() =>
      validate(asK8sObject({ apiVersion: 'v9', kind: 'Odd', metadata: { name: 'x' } }, 'inline')),
    ).toThrow(/no schema/);
  });
});

describe('k8s/jobs/first-admin.yaml', () => {
  const [job] = readYamlDocuments(path.join(K8S, 'jobs', 'first-admin.yaml')).map((d) =>
    asK8sObject(d, 'first-admin.yaml'),
  ) as unknown as IJob[];
  const prod = objectsOf('prod');

  it('runs the seed-admin script with only what it reads, secrets from Secrets', () => {
    const spec = podSpec(job);
    const [c] = spec.containers;
    expect(c.command).toEqual(['node', 'dist/scripts/seed-admin.js']);
    expect(imageName(c.image ?? '')).toBe(IMAGE);
    expect((c.env ?? []).map((e) => e.name).sort()).toEqual(
      ['DATABASE_SSL', 'DATABASE_URL', 'SEED_ADMIN_EMAIL', 'SEED_ADMIN_PASSWORD'].sort(),
    );
    for (const name of ['DATABASE_URL', 'SEED_ADMIN_EMAIL', 'SEED_ADMIN_PASSWORD'])
      expect(c.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toBeDefined();
    expect(c.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'offera-customers',
      key: 'DATABASE_URL',
    });
    checkHardening(spec, c);
    expect(spec.restartPolicy).toBe('Never');
  });

  it('is let through to Postgres by the setup policy, and to nothing else', () => {
    const labels = job.spec?.template.metadata?.labels ?? {};
    const egress = egressRules(prod, labels);
    expect(egress.some((r) => allowsPort(r, 5432))).toBe(true);
    expect(egress.some((r) => allowsPort(r, 6379))).toBe(false);
  });
});
