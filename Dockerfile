# Production image: gunicorn with production settings; static files served by whitenoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=lip.settings.production
WORKDIR /app
# WeasyPrint (the PDFs) needs Pango and a font through fontconfig (docs/etappen.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
RUN pybabel compile --domain django --directory locale --locale de \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput
# /app/media exists in the image so that the "media" volume starts owned by lip.
RUN useradd --system --home /app lip && mkdir -p /app/media && chown -R lip /app
USER lip
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && gunicorn lip.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
