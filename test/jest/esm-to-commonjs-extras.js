/**
 * Babel plugin used only by Jest, which runs NestJS 12's ES-module packages as CommonJS:
 * rewrites `import.meta` (absent in CommonJS) and dynamic `import(x)` (which Jest's CommonJS
 * runtime cannot execute) into their CommonJS equivalents, and renames a module's own top-level
 * `require` (e.g. `const require = createRequire(import.meta.url)`), which would clash with
 * CommonJS's.
 */
module.exports = function esmToCommonJsExtras({ template }) {
  const meta = template.expression.ast`({
    url: require('url').pathToFileURL(__filename).href,
    dirname: __dirname,
    filename: __filename,
    resolve: (specifier) => require('url').pathToFileURL(require.resolve(specifier)).href,
  })`;
  const dynamicImport = template.expression(`Promise.resolve().then(() => require(SPECIFIER))`);
  return {
    visitor: {
      Program(path) {
        if (path.scope.hasOwnBinding('require')) {
          path.scope.rename('require', path.scope.generateUid('esmRequire'));
        }
      },
      MetaProperty(path) {
        if (path.node.meta.name === 'import' && path.node.property.name === 'meta') {
          path.replaceWith(meta);
        }
      },
      CallExpression(path) {
        if (path.node.callee.type === 'Import') {
          path.replaceWith(dynamicImport({ SPECIFIER: path.node.arguments[0] }));
        }
      },
      ImportExpression(path) {
        path.replaceWith(dynamicImport({ SPECIFIER: path.node.source }));
      },
    },
  };
};
