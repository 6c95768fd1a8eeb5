DROP TABLE catalog_history;
