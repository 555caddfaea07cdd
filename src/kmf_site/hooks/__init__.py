"""MkDocs hooks (``hooks:`` in mkdocs.yml): glue only, the work is done by the kmf_site modules."""
