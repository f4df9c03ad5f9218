"""The product's resources, shipped inside the wheel as the package `app.resources` (pyproject's
package-dir mapping) and read with importlib.resources: rate packs (rates/), the upload JSON schema
(schema/), fonts (fonts/), the sample dealer and return (samples/), and the dealers' sheet
(sheets/)."""
