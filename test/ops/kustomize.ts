/**
 * A small, offline stand-in for `kustomize build`, enough to render k8s/overlays/* in tests
 * (no kustomize binary or cluster here). It supports only what our kustomizations use and
 * throws on anything else, so a manifest change that needs more fails loudly instead of
 * rendering something different from what kustomize would.
 *
 * Supported: resources (files and directories, recursively), namespace, commonLabels, labels
 * (pairs, includeSelectors, includeTemplates), images (newName, newTag, digest), replicas,
 * patches (strategic merge, by kind + name; from `path` or inline `patch`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export type YamlMap = { [key: string]: unknown };

export interface K8sObject extends YamlMap {
  apiVersion: string;
  kind: string;
  metadata: YamlMap & { name: string; namespace?: string };
}

export const isMap = (value: unknown): value is YamlMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every non-empty document of a YAML file; a syntax error anywhere throws, naming the file. */
export function readYamlDocuments(file: string, text = readFileSync(file, 'utf8')): unknown[] {
  const docs = parseAllDocuments(text);
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function asK8sObject(value: unknown, where: string): K8sObject {
  if (
    !isMap(value) ||
    typeof value.apiVersion !== 'string' ||
    typeof value.kind !== 'string' ||
    !isMap(value.metadata) ||
    typeof value.metadata.name !== 'string'
  )
    throw new Error(`${where}: not a Kubernetes object (apiVersion, kind and metadata.name required)`);
  return value as K8sObject;
}

/** Every *.yaml / *.yml file below dir, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

interface LabelsEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}
interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}
interface PatchEntry {
  path?: string;
  patch?: string;
}
interface Kustomization {
  resources?: string[];
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: LabelsEntry[];
  images?: ImageEntry[];
  replicas?: { name: string; count: number }[];
  patches?: PatchEntry[];
}

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'commonLabels',
  'labels',
  'images',
  'replicas',
  'patches',
]);

/** Kinds that live outside any namespace (the namespace transformer leaves them alone). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);

/** Kinds whose pod template / selectors the label and image transformers reach. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Strategic-merge keys of the built-in list fields we patch; other lists are replaced. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

function readKustomization(dir: string): Kustomization {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => path.join(dir, name))
    .find((f) => existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [doc, ...rest] = readYamlDocuments(file);
  if (!isMap(doc) || rest.length) throw new Error(`${file}: must hold exactly one mapping`);
  const unsupported = Object.keys(doc).filter((key) => !SUPPORTED_FIELDS.has(key));
  if (unsupported.length)
    throw new Error(`${file}: unsupported by the test loader: ${unsupported.join(', ')}`);
  return doc;
}

/**
 * Strategic merge patch of built-in objects: maps merge, `null` deletes, lists in MERGE_KEYS
 * merge element-wise by their key, other lists are replaced. With `keyedLists: false` it is a
 * JSON merge patch (RFC 7386), which is what kustomize applies to custom resources.
 */
export function strategicMerge(base: unknown, patch: unknown, keyedLists = true, field = ''): unknown {
  if (isMap(patch)) {
    if ('$patch' in patch || Object.keys(patch).some((k) => k.startsWith('$')))
      throw new Error(`patch directives ($patch, $setElementOrder...) are not supported (at ${field})`);
    const out: YamlMap = isMap(base) ? { ...base } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = strategicMerge(out[key], value, keyedLists, key);
    }
    return out;
  }
  const key = MERGE_KEYS[field];
  if (keyedLists && key && Array.isArray(patch) && Array.isArray(base)) {
    const out: unknown[] = (base as unknown[]).slice();
    for (const item of patch) {
      if (!isMap(item) || item[key] === undefined) throw new Error(`${field}: every element needs "${key}"`);
      const at = out.findIndex((b) => isMap(b) && b[key] === item[key]);
      if (at === -1) out.push(item);
      else out[at] = strategicMerge(out[at], item, keyedLists);
    }
    return out;
  }
  return patch;
}

const isBuiltIn = (apiVersion: string): boolean => {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
};

function podTemplate(obj: K8sObject): YamlMap | undefined {
  const spec = obj.spec;
  if (!WORKLOADS.has(obj.kind) || !isMap(spec) || !isMap(spec.template)) return undefined;
  return spec.template;
}

function addLabels(target: YamlMap, field: string, pairs: Record<string, string>): void {
  const current = isMap(target[field]) ? target[field] : {};
  target[field] = { ...current, ...pairs };
}

function applyLabels(
  obj: K8sObject,
  pairs: Record<string, string>,
  selectors: boolean,
  templates: boolean,
): void {
  addLabels(obj.metadata, 'labels', pairs);
  const template = podTemplate(obj);
  if (template && (templates || selectors)) {
    template.metadata = isMap(template.metadata) ? template.metadata : {};
    addLabels(template.metadata as YamlMap, 'labels', pairs);
  }
  if (!selectors || !isMap(obj.spec)) return;
  const spec = obj.spec;
  if (obj.kind === 'Service') addLabels(spec, 'selector', pairs);
  else if ((WORKLOADS.has(obj.kind) && obj.kind !== 'Job') || obj.kind === 'PodDisruptionBudget') {
    spec.selector = isMap(spec.selector) ? spec.selector : {};
    addLabels(spec.selector as YamlMap, 'matchLabels', pairs);
  }
}

/** Splits `registry:5000/name:tag@digest` into its name and the rest. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
}

function applyImage(obj: K8sObject, entry: ImageEntry): void {
  const spec = podTemplate(obj)?.spec;
  if (!isMap(spec)) return;
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (!isMap(container) || typeof container.image !== 'string') continue;
      if (imageName(container.image) !== entry.name) continue;
      const name = entry.newName ?? entry.name;
      if (entry.digest) container.image = `${name}@${entry.digest}`;
      else if (entry.newTag) container.image = `${name}:${entry.newTag}`;
      else container.image = container.image.replace(entry.name, name);
    }
  }
}

const idOf = (obj: K8sObject): string => `${obj.kind}/${obj.metadata.namespace ?? '~'}/${obj.metadata.name}`;

function loadResource(base: string, ref: string): K8sObject[] {
  const target = path.resolve(base, ref);
  if (!existsSync(target)) throw new Error(`${base}: resource ${ref} does not exist`);
  if (statSync(target).isDirectory()) return render(target);
  return readYamlDocuments(target).map((doc, i) => asK8sObject(doc, `${target}#${i}`));
}

function patchDocuments(dir: string, entry: PatchEntry): unknown[] {
  if (entry.path && entry.patch) throw new Error(`${dir}: a patch has either path or patch, not both`);
  if (entry.path) return readYamlDocuments(path.resolve(dir, entry.path));
  if (entry.patch) return readYamlDocuments(`${dir} (inline patch)`, entry.patch);
  throw new Error(`${dir}: a patch needs path or patch (targets are not supported)`);
}

/** Renders the kustomization in dir like `kustomize build dir` would, for the supported fields. */
export function render(dir: string): K8sObject[] {
  const k = readKustomization(dir);
  const objects = (k.resources ?? []).flatMap((ref) => loadResource(dir, ref));

  const seen = new Set<string>();
  for (const obj of objects) {
    const id = idOf(obj);
    if (seen.has(id)) throw new Error(`${dir}: ${id} is defined more than once`);
    seen.add(id);
  }

  for (const entry of k.patches ?? []) {
    for (const [i, doc] of patchDocuments(dir, entry).entries()) {
      const patch = asK8sObject(doc, `${dir} patch #${i}`);
      const matches = objects.filter((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (matches.length !== 1)
        throw new Error(
          `${dir}: patch for ${patch.kind}/${patch.metadata.name} matches ${matches.length} objects`,
        );
      const at = objects.indexOf(matches[0]);
      objects[at] = asK8sObject(
        strategicMerge(matches[0], patch, isBuiltIn(matches[0].apiVersion)),
        `${dir} patched ${patch.kind}/${patch.metadata.name}`,
      );
    }
  }

  for (const obj of objects) {
    if (k.namespace && !CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = k.namespace;
    if (k.commonLabels) applyLabels(obj, k.commonLabels, true, true);
    for (const entry of k.labels ?? [])
      applyLabels(obj, entry.pairs, entry.includeSelectors === true, entry.includeTemplates === true);
    for (const entry of k.images ?? []) applyImage(obj, entry);
  }

  for (const { name, count } of k.replicas ?? []) {
    const targets = objects.filter((o) => SCALABLE.has(o.kind) && o.metadata.name === name);
    if (targets.length === 0) throw new Error(`${dir}: replicas for ${name} match no workload`);
    for (const target of targets) (target.spec as YamlMap).replicas = count;
  }
  return objects;
}
