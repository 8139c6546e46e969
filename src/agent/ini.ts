// Netdata's INI-like configuration files (netdata.conf, cloud.d/cloud.conf, claim.conf):
// "[section]" headers, "key = value" lines, '#' comments, tab or space indentation. Later keys win.

export type IniSections = Record<string, Record<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = Object.create(null);
  let current = 'global';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      current = header[1]!.trim().toLowerCase();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    (sections[current] ??= Object.create(null) as Record<string, string>)[key] = value;
  }
  return sections;
}

export function iniValue(sections: IniSections | undefined, section: string, key: string): string | undefined {
  return sections?.[section]?.[key];
}
