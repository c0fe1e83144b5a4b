import type { Language } from '../councils/schemas.js';
import type { IndicatorColumn } from './schemas.js';

/** The open-data metadata of the indicators, plain text. */
export interface IndicatorTexts {
  title: (council: string, period: string) => string;
  description: string;
  /** Column titles and descriptions for the CSVW metadata. */
  columns: Record<IndicatorColumn, { title: string; description: string }>;
}

export const INDICATOR_TEXTS: Record<Language, IndicatorTexts> = {
  ca: {
    title: (council, period) => `Atenció ciutadana a distància: indicadors mensuals — ${council} — ${period}`,
    description:
      'Sol·licituds de trucada (Truca’m) i de cita per videotrucada de cada mes, comptades pel mes en què es van fer (hora local de l’ajuntament), per canal i per tràmit. Les mitjanes, percentatges i temps que es basen en menys de 10 casos o respostes no es publiquen.',
    columns: {
      month: { title: 'Mes', description: 'Mes de les sol·licituds (AAAA-MM, hora local).' },
      provisional: { title: 'Provisional', description: 'true mentre el mes no s’ha acabat (hora local): les xifres encara canviaran.' },
      channel: { title: 'Canal', description: 'all: tots; callback: trucada a hora concertada; video: cita per videotrucada.' },
      procedure: { title: 'Tràmit (codi)', description: 'Codi del tràmit de les videotrucades; buit a les files de tot el canal.' },
      procedureName: { title: 'Tràmit', description: 'Nom del tràmit.' },
      requests: { title: 'Sol·licituds', description: 'Sol·licituds fetes durant el mes.' },
      completed: { title: 'Ateses', description: 'Sol·licituds ateses fins al final.' },
      noShows: { title: 'No presentats', description: 'Cites a les quals la persona no es va presentar, i trucades que no va respondre en cap intent.' },
      cancellations: { title: 'Anul·lacions', description: 'Sol·licituds anul·lades per la persona.' },
      waitMedianMinutes: { title: 'Espera mediana (min)', description: 'Trucades: minuts des de la sol·licitud fins al primer intent de trucada, mediana.' },
      waitP90Minutes: { title: 'Espera P90 (min)', description: 'Trucades: minuts des de la sol·licitud fins al primer intent; el 90 % va esperar com a màxim aquest temps (interpolació lineal).' },
      firstContactResolvedPercent: { title: 'Resoltes al primer contacte (%)', description: 'Ateses sense que la mateixa persona tornés a demanar pel mateix tema en els 14 dies següents, sobre les ateses.' },
      ratingAverage: { title: 'Valoració mitjana', description: 'Mitjana de les valoracions a l’escala de l’ajuntament (ratingScale).' },
      ratingCount: { title: 'Respostes', description: 'Respostes a l’enquesta de satisfacció.' },
      ratingCiLow: { title: 'Valoració: IC 95 % inferior', description: 'Límit inferior de l’interval de confiança del 95 % de la mitjana (t de Student).' },
      ratingCiHigh: { title: 'Valoració: IC 95 % superior', description: 'Límit superior de l’interval de confiança del 95 % de la mitjana (t de Student).' },
      repeatPercent: { title: 'Hi tornarien (%)', description: 'Percentatge de respostes que tornarien a fer servir el servei.' },
      suppressed: { title: 'Dades no publicades', description: 'Columnes buides perquè es basen en menys de 10 casos o respostes, separades per espais.' },
    },
  },
  es: {
    title: (council, period) => `Atención ciudadana a distancia: indicadores mensuales — ${council} — ${period}`,
    description:
      'Solicitudes de llamada (Llámame) y de cita por videollamada de cada mes, contadas por el mes en que se hicieron (hora local del ayuntamiento), por canal y por trámite. Las medias, porcentajes y tiempos que se basan en menos de 10 casos o respuestas no se publican.',
    columns: {
      month: { title: 'Mes', description: 'Mes de las solicitudes (AAAA-MM, hora local).' },
      provisional: { title: 'Provisional', description: 'true mientras el mes no ha terminado (hora local): las cifras aún cambiarán.' },
      channel: { title: 'Canal', description: 'all: todos; callback: llamada a hora concertada; video: cita por videollamada.' },
      procedure: { title: 'Trámite (código)', description: 'Código del trámite de las videollamadas; vacío en las filas de todo el canal.' },
      procedureName: { title: 'Trámite', description: 'Nombre del trámite.' },
      requests: { title: 'Solicitudes', description: 'Solicitudes hechas durante el mes.' },
      completed: { title: 'Atendidas', description: 'Solicitudes atendidas hasta el final.' },
      noShows: { title: 'No presentados', description: 'Citas a las que la persona no se presentó, y llamadas que no respondió en ningún intento.' },
      cancellations: { title: 'Anulaciones', description: 'Solicitudes anuladas por la persona.' },
      waitMedianMinutes: { title: 'Espera mediana (min)', description: 'Llamadas: minutos desde la solicitud hasta el primer intento de llamada, mediana.' },
      waitP90Minutes: { title: 'Espera P90 (min)', description: 'Llamadas: minutos desde la solicitud hasta el primer intento; el 90 % esperó como máximo este tiempo (interpolación lineal).' },
      firstContactResolvedPercent: { title: 'Resueltas en el primer contacto (%)', description: 'Atendidas sin que la misma persona volviera a pedir por el mismo tema en los 14 días siguientes, sobre las atendidas.' },
      ratingAverage: { title: 'Valoración media', description: 'Media de las valoraciones en la escala del ayuntamiento (ratingScale).' },
      ratingCount: { title: 'Respuestas', description: 'Respuestas a la encuesta de satisfacción.' },
      ratingCiLow: { title: 'Valoración: IC 95 % inferior', description: 'Límite inferior del intervalo de confianza del 95 % de la media (t de Student).' },
      ratingCiHigh: { title: 'Valoración: IC 95 % superior', description: 'Límite superior del intervalo de confianza del 95 % de la media (t de Student).' },
      repeatPercent: { title: 'Repetirían (%)', description: 'Porcentaje de respuestas que volverían a usar el servicio.' },
      suppressed: { title: 'Datos no publicados', description: 'Columnas vacías porque se basan en menos de 10 casos o respuestas, separadas por espacios.' },
    },
  },
  en: {
    title: (council, period) => `Remote citizen service: monthly indicators — ${council} — ${period}`,
    description:
      'Callback (Call me) and video appointment requests of each month, counted by the month in which they were made (the council’s local time), by channel and by procedure. Averages, percentages and times resting on fewer than 10 cases or answers are not published.',
    columns: {
      month: { title: 'Month', description: 'Month of the requests (YYYY-MM, local time).' },
      provisional: { title: 'Provisional', description: 'true while the month has not ended (local time): the figures will still change.' },
      channel: { title: 'Channel', description: 'all: every channel; callback: phone call at an agreed time; video: video appointment.' },
      procedure: { title: 'Procedure (code)', description: "The video appointments' procedure code; empty on whole-channel rows." },
      procedureName: { title: 'Procedure', description: 'The procedure’s name.' },
      requests: { title: 'Requests', description: 'Requests made during the month.' },
      completed: { title: 'Served', description: 'Requests served to the end.' },
      noShows: { title: 'No-shows', description: 'Appointments the citizen did not attend, and callbacks they answered at no attempt.' },
      cancellations: { title: 'Cancellations', description: 'Requests cancelled by the citizen.' },
      waitMedianMinutes: { title: 'Median wait (min)', description: 'Callbacks: minutes from the request to the first call attempt, median.' },
      waitP90Minutes: { title: 'P90 wait (min)', description: 'Callbacks: minutes from the request to the first call attempt; 90% waited at most this long (linear interpolation).' },
      firstContactResolvedPercent: { title: 'Resolved at first contact (%)', description: 'Served requests after which the same person did not ask again about the same subject within 14 days, out of those served.' },
      ratingAverage: { title: 'Average rating', description: 'Mean rating on the council’s scale (ratingScale).' },
      ratingCount: { title: 'Answers', description: 'Answers to the satisfaction survey.' },
      ratingCiLow: { title: 'Rating: 95% CI low', description: 'Lower bound of the mean’s 95% confidence interval (Student’s t).' },
      ratingCiHigh: { title: 'Rating: 95% CI high', description: 'Upper bound of the mean’s 95% confidence interval (Student’s t).' },
      repeatPercent: { title: 'Would repeat (%)', description: 'Share of answers that would use the service again.' },
      suppressed: { title: 'Not published', description: 'Columns left empty because they rest on fewer than 10 cases or answers, separated by spaces.' },
    },
  },
};
