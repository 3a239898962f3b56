import { ruleDocsUrl, rules, sortDiagnostics, type Diagnostic } from '@qbank/core';
import { lintRules } from '@qbank/lint';
import { escapeJsonControls } from './terminal.js';

const levels = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * Format diagnostics as a SARIF 2.1.0 log for code-scanning tools (GitHub code
 * scanning, Azure DevOps, IDE viewers).
 *
 * @param diagnostics Diagnostics to report.
 * @param toolVersion Version of qbank.
 * @returns The SARIF JSON text.
 */
export function formatSarif(diagnostics: readonly Diagnostic[], toolVersion: string): string {
  const sorted = sortDiagnostics(diagnostics);
  const ruleIds = [...new Set(sorted.map((d) => d.ruleId))].sort();
  const catalogue: Record<string, { severity: string; description: string }> = { ...rules };
  for (const rule of lintRules) catalogue[rule.id] = rule;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'qbank',
            version: toolVersion,
            rules: ruleIds.map((id) => {
              const url = sorted.find((d) => d.ruleId === id)?.url ?? ruleDocsUrl(id);
              return {
                id,
                shortDescription: { text: catalogue[id]?.description ?? id },
                helpUri: url,
                help: { text: `See ${url}` },
                defaultConfiguration: {
                  level: levels[(catalogue[id]?.severity ?? 'error') as keyof typeof levels] ?? 'warning',
                },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: './' } },
        results: sorted.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: ruleIds.indexOf(d.ruleId),
          level: levels[d.severity],
          message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
          locations: [location(d.file, d.line, d.column, d.endLine, d.endColumn)],
          ...(d.related
            ? {
                relatedLocations: [
                  {
                    ...location(d.related.file, d.related.line, d.related.column),
                    message: { text: d.related.message },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return escapeJsonControls(JSON.stringify(log, null, 2)) + '\n';
}

function location(file: string, line: number, column: number, endLine?: number, endColumn?: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: 'SRCROOT' },
      region: {
        startLine: line,
        startColumn: column,
        ...(endLine ? { endLine, endColumn } : {}),
      },
    },
  };
}
