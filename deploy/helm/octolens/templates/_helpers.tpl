{{- define "octolens.name" -}}{{ .Release.Name }}-octolens{{- end -}}

{{- define "octolens.labels" -}}
app.kubernetes.io/name: octolens
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* The Secret holding REDIS_URL, CLICKHOUSE_URL and DATABASE_URL */}}
{{- define "octolens.secretName" -}}{{ default (printf "%s-stores" (include "octolens.name" .)) .Values.existingSecret }}{{- end -}}
