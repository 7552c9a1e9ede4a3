// Start GOV.UK Frontend's components (error summary focus, radios, accordions…).
import { initAll } from './js/govuk-frontend.min.js'

initAll()
