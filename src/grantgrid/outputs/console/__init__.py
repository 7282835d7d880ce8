"""The terminal: plain diagnostic lines (`plain`), rich tables (`terminal`), the progress bar."""
