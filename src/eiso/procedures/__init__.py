"""Administrative-procedure guides (thu-tuc): review when their legal basis expires,
new versions, catalog indexers, demo data."""
