// Build the front end: compile our Sass with GOV.UK Frontend and copy its JavaScript.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
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
console.log(`Built core/static/core/css/main.css (${result.css.length.toLocaleString('en-GB')} bytes)`)
