"""Dashboard dân vận: thư viện dùng chung."""
