"""digest inside Pelican: the plugin (``register``), its generators, and the one way to run Pelican.

``PLUGINS = ["digest.pelican"]`` in a site's settings. Every use of a name
Pelican keeps private is in ``internals``, behind a check of Pelican's version.
"""

from digest.pelican.plugin import register

__all__ = ["register"]
