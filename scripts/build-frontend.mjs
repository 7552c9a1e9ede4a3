// Build the front end: compile our Sass with GOV.UK Frontend, copy its JavaScript and the
// images its CSS refers to, then check that every url() in main.css names a file we built, so
// `collectstatic` (which rewrites those urls to hashed names) cannot stop on a missing asset.
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'core', 'static', 'core')
mkdirSync(join(out, 'css'), { recursive: true })
mkdirSync(join(out, 'js'), { recursive: true })

const result = sass.compile(join(root, 'core', 'static_src', 'main.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import']
})
writeFileSync(join(out, 'css', 'main.css'), result.css)

const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
copyFileSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'js', 'govuk-frontend.min.js'))
// main.scss sets $govuk-assets-path to "../assets/", relative to core/css/main.css.
cpSync(join(govuk, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true })

const missing = new Set()
for (const [, ref] of result.css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  if (ref.startsWith('data:') || ref.startsWith('#')) continue
  if (ref.startsWith('/') || /^[a-z]+:/i.test(ref)) {
    missing.add(`${ref} (must be relative to core/css/ so collectstatic can hash it)`)
  } else if (!existsSync(resolve(out, 'css', ref.split(/[?#]/)[0]))) {
    missing.add(ref)
  }
}
if (missing.size) {
  console.error(`core/static/core/css/main.css refers to files the build did not make:\n  ${[...missing].join('\n  ')}`)
  process.exit(1)
}
console.log(`Built core/static/core/css/main.css (${result.css.length.toLocaleString('en-GB')} bytes) and its assets`)
