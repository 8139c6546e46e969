// Image references as users write them, reduced to the repository that says "this is Netdata's image".

/** "ghcr.io/netdata/netdata:v2.3.0@sha256:…" → "netdata/netdata"; Docker Hub's "docker.io/" and "library/" dropped. */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0]!;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon >= 0) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  // A first part with a dot, a colon or "localhost" is a registry host.
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

export const isOfficialImage = (image: string): boolean => imageRepository(image) === 'netdata/netdata';
