def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs external tools (chalice package, cfn-lint); seconds, not ms")
