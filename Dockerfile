FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Build-time only: a throwaway key so collectstatic and compilemessages can load settings.
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v0 \
 && (ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1 && SECRET_KEY=build-only python manage.py compilemessages -v0 || true)
RUN useradd --create-home app && chown -R app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
