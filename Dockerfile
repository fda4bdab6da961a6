# Production image: gunicorn with production settings; static files served by whitenoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=lip.settings.production
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
RUN pybabel compile --domain django --directory locale --locale de \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --system --home /app lip && chown -R lip /app
USER lip
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && gunicorn lip.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
