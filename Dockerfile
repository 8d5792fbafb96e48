# Vägvisaren as a container image: the binary plus the national base (content, data, quiz
# modules, synonyms). A municipality's overlay and vagvisare.toml are mounted at run time.
#
#   docker build -t vagvisare .
#   docker run -p 8080:8080 vagvisare            # the bundled site with SQLite in a volume
#
# Behind nginx: deploy/compose.yaml and docs/deploy.md.

FROM rust:1-bookworm AS build
WORKDIR /src
# .git is not copied; pass the commit for `vagvisare --version`:
#   docker build --build-arg GIT_COMMIT=$(git rev-parse --short=12 HEAD) -t vagvisare .
ARG GIT_COMMIT=okänd
ENV VAGVISARE_GIT_COMMIT=$GIT_COMMIT
COPY . .
RUN cargo build --release --locked --bin vagvisare

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/vagvisare --create-home vagvisare
COPY --from=build /src/target/release/vagvisare /usr/local/bin/vagvisare
# The national base, laid out as in the repository (what `--root` expects).
COPY --from=build /src/content /usr/share/vagvisare/content
COPY --from=build /src/data /usr/share/vagvisare/data
COPY --from=build /src/quizzes/modules /usr/share/vagvisare/quizzes/modules
COPY --from=build /src/search/synonyms.toml /usr/share/vagvisare/search/synonyms.toml
COPY deploy/vagvisare.toml /etc/vagvisare/vagvisare.toml
USER vagvisare
VOLUME /var/lib/vagvisare
EXPOSE 8080
ENV VAGVISARE_LOG=info
# Load balancers ask GET /healthz: 200 while the site is served, with the database state in the body.
ENTRYPOINT ["vagvisare", "--root", "/usr/share/vagvisare", "--config", "/etc/vagvisare/vagvisare.toml"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
