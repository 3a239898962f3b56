// The public surface of every package is what its index exports: changes here are API changes.
import { describe, expect, it } from 'vitest';
import * as anki from '@qbank/anki';
import * as cli from '@qbank/cli';
import * as compiler from '@qbank/compiler';
import * as coverage from '@qbank/coverage';
import * as core from '@qbank/core';
import * as parser from '@qbank/parser';
import * as project from '@qbank/project';
import * as taxonomy from '@qbank/taxonomy';
import * as validate from '@qbank/validate';

describe('public API', () => {
  it.each([
    ['@qbank/anki', anki, ['ankiGuidFor', 'buildAnkiPackage', 'exportAnkiFromDirectory']],
    [
      '@qbank/core',
      core,
      [
        'applyFixes',
        'canonicalJson',
        'countBySeverity',
        'createDiagnostic',
        'diagnosticFromMessage',
        'didYouMean',
        'fixOf',
        'itemStatuses',
        'parseYaml',
        'readYamlFile',
        'reportDiagnostic',
        'ruleDocsUrl',
        'rules',
        'schemaDiagnostics',
        'schemaValidator',
        'sha256',
        'sortDiagnostics',
        'yamlPlace',
        'yamlRangeToPlace',
      ],
    ],
    [
      '@qbank/taxonomy',
      taxonomy,
      [
        'builtinTaxonomy',
        'builtinTaxonomyPath',
        'createTaxonomy',
        'loadTaxonomyFile',
        'normalizeTaxonomyKey',
        'parseTaxonomyText',
        'taxonomyAxes',
      ],
    ],
    [
      '@qbank/parser',
      parser,
      [
        'clozeClose',
        'clozeOpen',
        'maxSourceBytes',
        'parseFrontmatterOnly',
        'parseItem',
        'parseNote',
        'parseQuestion',
        'placeOf',
        'readSourceFile',
        'sectionKeys',
        'sourceFileFromText',
      ],
    ],
    [
      '@qbank/validate',
      validate,
      [
        'checkBank',
        'checkSource',
        'clozeNumbers',
        'componentAttributes',
        'componentSpecs',
        'contextFacts',
        'parseTimestamp',
        'validateBank',
      ],
    ],
    [
      '@qbank/project',
      project,
      [
        'configFileNames',
        'defaultConfig',
        'discoverItems',
        'discoverSources',
        'findConfigFile',
        'itemKinds',
        'loadConfig',
        'loadProjectTaxonomy',
        'loadTagRegistry',
        'loadVideoRegistry',
      ],
    ],
    [
      '@qbank/compiler',
      compiler,
      [
        'assembleBundle',
        'bundleFormatVersion',
        'changelogFormatVersion',
        'compileBundle',
        'compileItem',
        'diffManifests',
        'isVersionEnough',
        'minimumVersion',
        'nextRevision',
        'readBundleManifest',
        'renderBlocks',
        'renderInline',
        'tombstonesFor',
        'writeArchive',
        'writeBundle',
      ],
    ],
    [
      '@qbank/coverage',
      coverage,
      [
        'checkCoverageGates',
        'computeCoverage',
        'coverageAxes',
        'coverageFormatVersion',
        'formatCoverageHtml',
        'formatCoverageJson',
        'formatCoverageMarkdown',
        'formatCoverageTable',
      ],
    ],
    [
      '@qbank/cli',
      cli,
      [
        'UsageError',
        'cliVersion',
        'createItemFile',
        'exitCodes',
        'fixFiles',
        'formatJson',
        'formatPretty',
        'formatSummary',
        'loadBank',
        'reportFormats',
        'runCli',
      ],
    ],
  ])('%s', (_name, module, expected) => {
    expect(Object.keys(module).sort()).toEqual(expected);
  });
});
