type AsyncMethod = (...args: never[]) => Promise<unknown>;

/**
 * Makes the next call of `target[method]` do its work and then fail, as a process does that
 * loses its answer after the commit: the transport delivers the message again (same message
 * id), this time to the real method.
 */
export function loseNextAnswer<T extends object, K extends keyof T>(target: T, method: K): void {
  const real = (target[method] as AsyncMethod).bind(target) as (...args: unknown[]) => Promise<unknown>;
  (target as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    Reflect.deleteProperty(target, method);
    await real(...args);
    throw new Error('connection reset after the commit');
  };
}
