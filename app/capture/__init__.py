"""Capture layer: image sources, the image pipeline, encryption at rest, the material store and PDF bundles.

Plain Python and Pillow only; the Qt screens in `app.ui` sit on top of this package.
"""
